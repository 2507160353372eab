//! CSV backups: RFC 4180 text, one header row of column names, then one row
//! per milestone.
//!
//! - UTF-8; rows end with `\n` (reading also takes `\r\n`). A value holding
//!   a comma, quote, CR or LF is quoted, quotes doubled, so descriptions
//!   come back byte for byte.
//! - Columns: the provider's fields in a fixed order (`GITCODE_COLUMNS`,
//!   `SOURCECRAFT_COLUMNS`), then the unknown fields present in any
//!   milestone, sorted by name. Reading accepts columns in any order.
//! - Absent and empty differ: an absent field is a bare empty cell
//!   (`a,,b`), an empty string a quoted one (`a,"",b`). A spreadsheet that
//!   saves an empty description as a bare cell therefore turns it into no
//!   description, which every provider treats alike. Integer cells that are
//!   empty either way mean absent.
//!
//! The `csv` crate reads. Rows are written here, a few lines, because its
//! writer cannot quote one empty field and leave another bare.

use std::{collections::BTreeSet, io::Write};

use ::csv::{ReaderBuilder, StringRecord};

use crate::providers::Provider;

use super::{
    Backup, FileError, Located, Location, Milestones, MilestonesRef,
    error::shown_columns,
    flatten::{self, Row},
};

pub(crate) fn write<W: Write>(
    mut out: W,
    file: &str,
    milestones: MilestonesRef<'_>,
) -> Result<(), FileError> {
    let location = |index| Location {
        file: file.to_owned(),
        line: None,
        index,
    };
    let row = |index: usize| -> Result<Row, FileError> {
        match milestones {
            MilestonesRef::GitCode(list) => {
                flatten::flatten_gitcode(&list[index], &location(index))
            }
            MilestonesRef::SourceCraft(list) => {
                flatten::flatten_sourcecraft(&list[index], &location(index))
            }
        }
    };
    let count = match milestones {
        MilestonesRef::GitCode(list) => list.len(),
        MilestonesRef::SourceCraft(list) => list.len(),
    };
    let known = flatten::columns(milestones.provider());

    // A first pass finds the unknown fields (and any field CSV cannot
    // hold) before a byte is written, so standard output never gets half a
    // file either.
    let mut extra = BTreeSet::new();
    for index in 0..count {
        for column in row(index)?.into_keys() {
            if !known.contains(&column.as_str()) {
                extra.insert(column);
            }
        }
    }
    let columns: Vec<&str> = known
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect();

    let io = |source| FileError::Write {
        file: file.to_owned(),
        source,
    };
    let header: Vec<Option<&str>> = columns.iter().map(|c| Some(*c)).collect();
    write_record(&mut out, &header).map_err(io)?;
    for index in 0..count {
        let row = row(index)?;
        let cells: Vec<Option<&str>> = columns
            .iter()
            .map(|column| row.get(*column).map(String::as_str))
            .collect();
        write_record(&mut out, &cells).map_err(io)?;
    }
    out.flush().map_err(io)
}

/// Writes one row: `None` as a bare empty cell, `Some("")` as `""`.
fn write_record<W: Write>(out: &mut W, cells: &[Option<&str>]) -> std::io::Result<()> {
    for (position, cell) in cells.iter().enumerate() {
        if position > 0 {
            out.write_all(b",")?;
        }
        let Some(cell) = cell else { continue };
        if cell.is_empty() || cell.contains([',', '"', '\r', '\n']) {
            out.write_all(b"\"")?;
            out.write_all(cell.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

pub(crate) fn read(text: &str, file: &str) -> Result<Backup, FileError> {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = StringRecord::new();
    let csv_error = |error: ::csv::Error, line: u64| FileError::Csv {
        file: file.to_owned(),
        line: error.position().map_or(line, |p| p.line()),
        message: error.to_string(),
    };

    if !reader
        .read_record(&mut record)
        .map_err(|e| csv_error(e, 1))?
    {
        return Err(FileError::EmptyCsv {
            file: file.to_owned(),
        });
    }
    let header_line = record_line(text, &record);
    let header: Vec<String> = record.iter().map(str::to_owned).collect();
    let provider = check_header(&header, file, header_line)?;

    let mut gitcode = Vec::new();
    let mut sourcecraft = Vec::new();
    let mut index = 0;
    loop {
        let start = reader.position().byte();
        let more = reader
            .read_record(&mut record)
            .map_err(|e| csv_error(e, header_line))?;
        if !more {
            break;
        }
        let end = reader.position().byte();
        let line = record_line(text, &record);
        let raw = text
            .as_bytes()
            .get(byte_offset(start)..byte_offset(end))
            .unwrap_or_default();
        let cells = scan_raw_cells(raw);
        if let Some(cell) = cells.open_quote {
            return Err(FileError::OpenQuote {
                file: file.to_owned(),
                line,
                column: header.get(cell).cloned().unwrap_or_default(),
            });
        }
        if record.len() != header.len() {
            return Err(FileError::FieldCount {
                file: file.to_owned(),
                line,
                expected: header.len(),
                found: record.len(),
            });
        }
        let row: Row = header
            .iter()
            .zip(record.iter())
            .enumerate()
            .filter(|&(position, (_, cell))| {
                !cell.is_empty() || cells.quoted_empty.get(position).copied().unwrap_or(false)
            })
            .map(|(_, (column, cell))| (column.clone(), cell.to_owned()))
            .collect();
        let location = Location {
            file: file.to_owned(),
            line: Some(line),
            index,
        };
        match provider {
            Provider::GitCode => {
                let milestone = flatten::unflatten_gitcode(row, &location)?;
                gitcode.push(Located {
                    location,
                    milestone,
                });
            }
            Provider::SourceCraft => sourcecraft.push(Located {
                milestone: flatten::unflatten_sourcecraft(row),
                location,
            }),
        }
        index += 1;
    }
    Ok(Backup {
        provider,
        repository: None,
        exported_at: None,
        milestones: match provider {
            Provider::GitCode => Milestones::GitCode(gitcode),
            Provider::SourceCraft => Milestones::SourceCraft(sourcecraft),
        },
    })
}

/// Decides whose backup this is from its header, and checks the header.
fn check_header(header: &[String], file: &str, line: u64) -> Result<Provider, FileError> {
    for (second, column) in header.iter().enumerate() {
        if let Some(first) = header[..second].iter().position(|c| c == column) {
            return Err(FileError::DuplicateColumn {
                file: file.to_owned(),
                line,
                column: column.clone(),
                first: first + 1,
                second: second + 1,
            });
        }
    }
    let has = |column: &str| header.iter().any(|c| c == column);
    let gitcode = has("number") && has("title");
    let sourcecraft = has("name") && (has("slug") || has("id"));
    let provider = match (gitcode, sourcecraft) {
        (true, false) => Provider::GitCode,
        (false, true) => Provider::SourceCraft,
        _ => {
            // With one marker of a provider present, the other is what is
            // missing: say so rather than leave the user guessing.
            let missing = if has("title") && !has("number") {
                Some((Provider::GitCode, "number"))
            } else if has("number") && !has("title") {
                Some((Provider::GitCode, "title"))
            } else if !has("name") && (has("slug") || has("deadline")) && !has("title") {
                Some((Provider::SourceCraft, "name"))
            } else {
                None
            };
            let found = shown_columns(header.iter().map(String::as_str));
            return Err(match missing {
                Some((provider, column)) => FileError::MissingColumn {
                    file: file.to_owned(),
                    line,
                    provider,
                    column,
                    found,
                },
                None => FileError::UnknownColumns {
                    file: file.to_owned(),
                    line,
                    found,
                },
            });
        }
    };
    Ok(provider)
}

/// The line a record starts on. The reader reports the line it stood on
/// before skipping blank lines, so those are counted in.
fn record_line(text: &str, record: &StringRecord) -> u64 {
    let Some(position) = record.position() else {
        return 1;
    };
    let skipped = text
        .as_bytes()
        .get(byte_offset(position.byte())..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count() as u64;
    position.line() + skipped
}

fn byte_offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

/// What the `csv` crate does not say about one record's cells.
#[derive(Debug, Default, PartialEq)]
struct RawCells {
    /// Per cell, whether it was written `""`: the crate reads that and a
    /// bare empty cell alike, but here one is an empty string and the other
    /// an absent field.
    quoted_empty: Vec<bool>,
    /// The cell whose quote the file never closes: the crate reads to the
    /// end of the file into it, which mostly means the file was cut short.
    open_quote: Option<usize>,
}

/// Scans one record's raw text with the crate's rules: a quote opens a
/// quoted part only at the start of a cell, `""` inside it is a literal
/// quote, and anything after the closing quote runs to the comma.
fn scan_raw_cells(raw: &[u8]) -> RawCells {
    let mut cells = RawCells::default();
    let mut at = raw
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(raw.len());
    loop {
        let start = at;
        if raw.get(at) == Some(&b'"') {
            at += 1;
            let mut closed = false;
            while let Some(&b) = raw.get(at) {
                at += 1;
                if b == b'"' {
                    if raw.get(at) == Some(&b'"') {
                        at += 1;
                    } else {
                        closed = true;
                        break;
                    }
                }
            }
            if !closed {
                cells.open_quote = Some(cells.quoted_empty.len());
            }
        }
        while let Some(&b) = raw.get(at) {
            if matches!(b, b',' | b'\r' | b'\n') {
                break;
            }
            at += 1;
        }
        cells.quoted_empty.push(&raw[start..at] == b"\"\"");
        if raw.get(at) == Some(&b',') {
            at += 1;
        } else {
            return cells;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted_empty_cells(raw: &[u8]) -> Vec<bool> {
        scan_raw_cells(raw).quoted_empty
    }

    #[test]
    fn finds_a_quote_left_open() {
        assert_eq!(scan_raw_cells(b"1,\"ab\n2,c\n").open_quote, Some(1));
        assert_eq!(scan_raw_cells(b"1,\"a\"\"\"\n").open_quote, None);
        assert_eq!(scan_raw_cells(b"\"").open_quote, Some(0));
    }

    #[test]
    fn finds_quoted_empty_cells() {
        assert_eq!(
            quoted_empty_cells(b"a,\"\",,\"x\"\n"),
            [false, true, false, false]
        );
        assert_eq!(quoted_empty_cells(b"\n\r\n\"\""), [true]);
        assert_eq!(quoted_empty_cells(b"\"a,\"\"\",\"\"\r\n"), [false, true]);
        assert_eq!(quoted_empty_cells(b""), [false]);
    }

    #[test]
    fn writes_absent_bare_and_empty_quoted() {
        let mut out = Vec::new();
        write_record(&mut out, &[Some("a"), None, Some(""), Some("x,\"y\"\n")]).unwrap();
        assert_eq!(out, b"a,,\"\",\"x,\"\"y\"\"\n\"\n");
    }
}
