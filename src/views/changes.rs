//! One changed value shown so a person sees what changed: short values as
//! `old → new`, long ones on two wrapped lines with the changed words
//! marked (in colour, or `[-removed-]` / `{+added+}` without it), so a
//! change in the middle of a long description is never cut off.

use anstyle::Style;
use similar::{ChangeTag, TextDiff};
use unicode_width::UnicodeWidthChar;

use crate::{
    printer::{Line, styles},
    redact::escape_inline,
};

/// Styled pieces of text.
pub type Pieces = Vec<(Style, String)>;

/// The lines that show `field` going from `old` to `new`, each starting
/// with `indent`, within `width` columns.
pub fn change_lines(
    indent: &str,
    field: &str,
    old: &str,
    new: &str,
    width: usize,
    color: bool,
) -> Vec<Line> {
    let (old, new) = (escape_inline(old), escape_inline(new));
    let short = format!("{indent}{field}: {old} → {new}");
    if display_width(&short) <= width {
        return vec![
            Line::new()
                .text(format!("{indent}{field}: "))
                .styled(styles::REMOVED, old)
                .text(" → ")
                .styled(styles::ADDED, new),
        ];
    }
    let (removed, added) = marked(&old, &new, color);
    let mut lines = vec![Line::new().text(format!("{indent}{field}:"))];
    for (sign, style, pieces) in [
        ("- ", styles::REMOVED, removed),
        ("+ ", styles::ADDED, added),
    ] {
        let lead = format!("{indent}    {sign}");
        let room = width.saturating_sub(display_width(&lead)).max(20);
        let cont = " ".repeat(display_width(&lead));
        for (n, row) in wrap(pieces, room).into_iter().enumerate() {
            let mut line = Line::new();
            if n == 0 {
                line.push(style, &lead);
            } else {
                line.push(Style::new(), &cont);
            }
            for (style, text) in row {
                line.push(style, text);
            }
            lines.push(line);
        }
    }
    lines
}

/// The old and the new value with the words that differ marked.
pub fn marked(old: &str, new: &str, color: bool) -> (Pieces, Pieces) {
    let diff = TextDiff::from_words(old, new);
    let mut removed: Pieces = Vec::new();
    let mut added: Pieces = Vec::new();
    let push = |pieces: &mut Pieces, style: Style, text: &str| match pieces.last_mut() {
        Some((last, buffer)) if *last == style => buffer.push_str(text),
        _ => pieces.push((style, text.to_owned())),
    };
    let (minus, plus) = (
        styles::REMOVED.bold().underline(),
        styles::ADDED.bold().underline(),
    );
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut removed, Style::new(), text);
                push(&mut added, Style::new(), text);
            }
            ChangeTag::Delete => push(&mut removed, minus, text),
            ChangeTag::Insert => push(&mut added, plus, text),
        }
    }
    if !color {
        let bracket = |pieces: Pieces, open: &str, close: &str| -> Pieces {
            pieces
                .into_iter()
                .map(|(style, text)| {
                    if style == Style::new() {
                        (style, text)
                    } else {
                        (Style::new(), format!("{open}{text}{close}"))
                    }
                })
                .collect()
        };
        return (bracket(removed, "[-", "-]"), bracket(added, "{+", "+}"));
    }
    (removed, added)
}

/// Splits styled pieces into rows of at most `width` columns, between
/// words where it can, inside a word only when the word alone is too long.
pub fn wrap(pieces: Pieces, width: usize) -> Vec<Pieces> {
    let width = width.max(1);
    let mut rows: Vec<Pieces> = vec![Vec::new()];
    let mut used = 0;
    let put = |rows: &mut Vec<Pieces>, style: Style, text: &str| {
        if let Some(row) = rows.last_mut() {
            match row.last_mut() {
                Some((last, buffer)) if *last == style => buffer.push_str(text),
                _ => row.push((style, text.to_owned())),
            }
        }
    };
    for (style, text) in pieces {
        for word in text.split_inclusive(' ') {
            let visible = display_width(word.trim_end_matches(' '));
            if used > 0 && used + visible > width {
                rows.push(Vec::new());
                used = 0;
            }
            if visible <= width - used {
                put(&mut rows, style, word);
                used += display_width(word);
                continue;
            }
            // A word longer than a row: cut it where the row ends.
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used > 0 && used + w > width {
                    rows.push(Vec::new());
                    used = 0;
                }
                put(&mut rows, style, c.encode_utf8(&mut [0; 4]));
                used += w;
            }
        }
    }
    // The space a row ended on is not part of what it shows.
    for row in &mut rows {
        if let Some((_, text)) = row.last_mut() {
            let kept = text.trim_end_matches(' ').len();
            text.truncate(kept);
        }
        row.retain(|(_, text)| !text.is_empty());
    }
    rows
}

/// A piece of a long value's change, as a report shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// A long value's change as one text: the words that changed, each
/// with `context` words on either side, and `…` for what is left out, so
/// a report shows what changed instead of two whole texts.
pub fn changed_words(old: &str, new: &str, context: usize) -> Vec<Piece> {
    let diff = TextDiff::from_words(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(last)))
            | (ChangeTag::Delete, Some(Piece::Removed(last)))
            | (ChangeTag::Insert, Some(Piece::Added(last))) => last.push_str(text),
            (ChangeTag::Equal, _) => pieces.push(Piece::Same(text.to_owned())),
            (ChangeTag::Delete, _) => pieces.push(Piece::Removed(text.to_owned())),
            (ChangeTag::Insert, _) => pieces.push(Piece::Added(text.to_owned())),
        }
    }
    let last = pieces.len().saturating_sub(1);
    for (at, piece) in pieces.iter_mut().enumerate() {
        if let Piece::Same(text) = piece {
            *text = around(text, context, at > 0, at < last);
        }
    }
    pieces
}

/// Unchanged words kept where they touch a change: the first `context`
/// after one (`after`), the last `context` before one (`before`).
fn around(text: &str, context: usize, after: bool, before: bool) -> String {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(at),
            (true, Some(from)) => {
                words.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    let kept = context * (usize::from(after) + usize::from(before));
    if words.len() <= kept.max(context) || !(after || before) {
        return text.to_owned();
    }
    let head = &text[..words[context.saturating_sub(1)].1];
    let tail = &text[words[words.len() - context.max(1)].0..];
    match (after, before) {
        (true, true) => format!("{head} … {tail}"),
        (true, false) => format!("{head} …"),
        _ => format!("… {tail}"),
    }
}

pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| l.render(false))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn short_values_on_one_line() {
        let lines = change_lines("    ", "status", "open", "closed", 80, false);
        assert_eq!(render(&lines), "    status: open → closed");
    }

    #[test]
    fn a_change_in_the_middle_of_a_long_value_is_marked() {
        let old =
            "The first release: ".repeat(4) + "with the parser fixed. " + &"More words. ".repeat(4);
        let new = old.replace("parser", "lexer");
        let lines = change_lines("  ", "description", &old, &new, 60, false);
        let shown = render(&lines);
        assert!(shown.contains("[-parser-]"), "{shown}");
        assert!(shown.contains("{+lexer+}"), "{shown}");
        assert!(
            lines.iter().all(|l| display_width(&l.render(false)) <= 60),
            "{shown}"
        );
    }

    #[test]
    fn a_long_change_keeps_only_the_words_around_it() {
        let old = "one two three four five six seven eight nine ten";
        let new = old.replace("five", "FIVE");
        let pieces = changed_words(old, &new, 2);
        assert_eq!(
            pieces,
            vec![
                Piece::Same("… three four ".into()),
                Piece::Removed("five".into()),
                Piece::Added("FIVE".into()),
                Piece::Same(" six seven …".into()),
            ]
        );
        let twice = changed_words(old, &old.replace("two", "2").replace("nine", "9"), 1);
        assert_eq!(
            twice,
            vec![
                Piece::Same("one ".into()),
                Piece::Removed("two".into()),
                Piece::Added("2".into()),
                Piece::Same(" three … eight ".into()),
                Piece::Removed("nine".into()),
                Piece::Added("9".into()),
                Piece::Same(" ten".into()),
            ]
        );
    }

    #[test]
    fn wraps_by_display_width() {
        let rows = wrap(vec![(Style::new(), "你好世界".into())], 5);
        assert_eq!(rows.len(), 2);
    }
}
