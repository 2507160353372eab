//! A report page as data (a title, a card, sections of tables whose cells
//! are pieces of text) and its two renderings: Markdown and one
//! self-contained HTML page (inline style, no scripts). Every value is
//! escaped here, once, and secrets scrubbed from the whole page.

use std::fmt::Write as _;

use crate::redact::{escape_inline, scrub};

/// A piece of a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    /// Words a change took out.
    Removed(String),
    /// Words a change put in.
    Added(String),
    /// A line break within the cell.
    Break,
}

/// One cell: its pieces, and a class that colours it in HTML (`created`,
/// `failed`…).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub spans: Vec<Span>,
    pub class: Option<String>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            spans: vec![Span::Text(text.into())],
            class: None,
        }
    }

    /// A cell coloured by its own word (a status such as `failed`).
    pub fn status(word: &str) -> Cell {
        Cell {
            class: Some(word.replace(' ', "-")),
            ..Cell::text(word)
        }
    }
}

/// A section: a heading, a line of text, and a table.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub heading: String,
    /// 2 for a part of the page, 3 for a part of a pair's section.
    pub level: usize,
    pub note: Option<&'static str>,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// A whole page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub title: String,
    /// Label and value.
    pub card: Vec<(&'static str, String)>,
    pub sections: Vec<Section>,
}

/// Text safe in a Markdown table cell.
pub fn md(text: &str) -> String {
    let mut out = String::new();
    for c in escape_inline(text).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Text safe anywhere in HTML, attributes included.
pub fn html(text: &str) -> String {
    let mut out = String::new();
    for c in escape_inline(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Marked words with their outer spaces outside the marks, which
/// Markdown needs to see them as marks.
fn marked(text: &str, open: &str, close: &str, escape: fn(&str) -> String) -> String {
    let inner = text.trim();
    if inner.is_empty() {
        return escape(text);
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!(
        "{}{open}{}{close}{}",
        escape(lead),
        escape(inner),
        escape(trail)
    )
}

fn cell_markdown(cell: &Cell) -> String {
    cell.spans
        .iter()
        .map(|span| match span {
            Span::Text(text) => md(text),
            Span::Removed(text) => marked(text, "~~", "~~", md),
            Span::Added(text) => marked(text, "**", "**", md),
            Span::Break => "<br>".to_owned(),
        })
        .collect()
}

fn cell_html(cell: &Cell) -> String {
    cell.spans
        .iter()
        .map(|span| match span {
            Span::Text(text) => html(text),
            Span::Removed(text) => marked(text, "<del>", "</del>", html),
            Span::Added(text) => marked(text, "<ins>", "</ins>", html),
            Span::Break => "<br>".to_owned(),
        })
        .collect()
}

pub fn markdown(page: &Page) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&page.title));
    out.push_str("| | |\n|---|---|\n");
    for (label, value) in &page.card {
        let _ = writeln!(out, "| {label} | {} |", md(value));
    }
    for section in &page.sections {
        let _ = writeln!(
            out,
            "\n{} {}\n",
            "#".repeat(section.level),
            md(&section.heading)
        );
        if let Some(note) = section.note {
            let _ = writeln!(out, "{note}\n");
        }
        let _ = writeln!(out, "| {} |", section.headers.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(section.headers.len()));
        for row in &section.rows {
            let cells: Vec<String> = row.iter().map(cell_markdown).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    scrub(&out).into_owned()
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;\
padding:0 1em;color:#222}h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}\
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f4f4f4}.card th{width:9em}.created,.create{color:#1a7f37}\
.updated,.update{color:#9a6700}.failed{color:#cf222e;font-weight:bold}\
.missing,.not-started,.stopped{color:#9a6700;font-weight:bold}\
.change{font-family:ui-monospace,monospace;font-size:.9em;white-space:pre-wrap}\
del{color:#cf222e}ins{color:#1a7f37}";

pub fn html_page(page: &Page) -> String {
    let mut out = String::new();
    let title = html(&page.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    out.push_str("<table class=\"card\">\n");
    for (label, value) in &page.card {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", html(value));
    }
    out.push_str("</table>\n");
    for section in &page.sections {
        let level = section.level;
        let _ = writeln!(out, "<h{level}>{}</h{level}>", html(&section.heading));
        if let Some(note) = section.note {
            let _ = writeln!(out, "<p>{}</p>", html(note));
        }
        out.push_str("<table>\n<tr>");
        for header in &section.headers {
            let _ = write!(out, "<th>{}</th>", html(header));
        }
        out.push_str("</tr>\n");
        for row in &section.rows {
            out.push_str("<tr>");
            for cell in row {
                match &cell.class {
                    Some(class) => {
                        let _ = write!(out, "<td class=\"{}\">", html(class));
                    }
                    None => out.push_str("<td>"),
                }
                out.push_str(&cell_html(cell));
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    scrub(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_value() {
        assert_eq!(
            html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("a\nb\x1b"), "a\\nb\\x1b");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md("a|b\nc <i>"), "a\\|b\\\\nc &lt;i&gt;");
    }

    #[test]
    fn marks_keep_their_spaces_outside() {
        let cell = Cell {
            spans: vec![
                Span::Text("the ".into()),
                Span::Removed("lexer ".into()),
                Span::Added("parser_x ".into()),
            ],
            class: None,
        };
        assert_eq!(cell_markdown(&cell), "the ~~lexer~~ **parser\\_x** ");
        assert_eq!(
            cell_html(&cell),
            "the <del>lexer</del> <ins>parser_x</ins> "
        );
    }
}
