//! CSV backups: RFC 4180 text, one header row of column names, then one row
//! per milestone.
//!
//! - UTF-8; rows end with `\n` (reading also takes `\r\n`). A value holding
//!   a comma, quote, CR or LF is quoted, quotes doubled, so descriptions
//!   come back byte for byte.
//! - Columns: the provider's fields in a fixed order (its `Forge::COLUMNS`),
//!   then the unknown fields present in any milestone, sorted by name. Reading accepts columns in any order.
//! - Absent and empty differ: an absent field is a bare empty cell
//!   (`a,,b`), an empty string a quoted one (`a,"",b`). A spreadsheet that
//!   saves an empty description as a bare cell therefore turns it into no
//!   description, which every provider treats alike. Integer cells that are
//!   empty either way mean absent.
//!
//! The `csv` crate reads, one record at a time, so a file of any size is
//! read in little memory; `tap.rs` keeps each record's bytes as written for
//! what the crate does not say. Rows are written here, a few lines, because
//! its writer cannot quote one empty field and leave another bare.

use std::{
    collections::BTreeSet,
    io::{Read, Write},
    sync::Arc,
};

use ::csv::{ByteRecord, ErrorKind, ReaderBuilder};

use crate::{provider::Provider, record::Kind};

use super::{Entry, FileError, Location, Row, bounds::TooLong, error::shown_columns, tap::Tap};

/// Writes `count` rows, each made by `row` from its place in the list,
/// under the provider's `known` columns and then every other column a row
/// has, sorted by name.
pub(crate) fn write_csv<W: Write>(
    mut out: W,
    file: &str,
    known: &[&str],
    count: usize,
    row: impl Fn(usize) -> Result<Row, FileError>,
) -> Result<(), FileError> {
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

/// The milestones of a CSV backup, read one record at a time from any
/// reader, so a large file is never held whole.
pub(crate) struct CsvRows<R> {
    reader: ::csv::Reader<Tap<R>>,
    /// File offset of the reader's first byte: past a byte-order mark,
    /// which is not content but still counts in positions given to users.
    start: u64,
    file: Arc<str>,
    provider: Provider,
    /// What the rows hold, as the header says.
    kind: Kind,
    header: Vec<String>,
    header_line: u64,
    /// Reused for every record.
    record: ByteRecord,
    index: usize,
    /// Set after the end or an error: what follows a damaged record cannot
    /// be trusted to be where it seems.
    done: bool,
}

/// One record read and checked, before its cells are looked at.
struct RawRecord {
    line: u64,
    cells: RawCells,
}

impl<R: Read> CsvRows<R> {
    /// Reads and checks the header row of the CSV text `input`, whose first
    /// byte sits at file offset `start`.
    pub(crate) fn open(input: R, start: u64, file: Arc<str>) -> Result<CsvRows<R>, FileError> {
        let reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(Tap::new(input, start));
        let mut rows = CsvRows {
            reader,
            start,
            file,
            // Until the header is read below, which sets both.
            provider: Provider::all()[0],
            kind: Kind::Milestones,
            header: Vec::new(),
            header_line: 1,
            record: ByteRecord::new(),
            index: 0,
            done: false,
        };
        let Some(raw) = rows.read_record()? else {
            return Err(FileError::EmptyCsv {
                file: rows.file.to_string(),
            });
        };
        rows.header = rows.record.iter().map(cell_text).collect();
        rows.header_line = raw.line;
        (rows.provider, rows.kind) = check_header(&rows.header, &rows.file, raw.line)?;
        Ok(rows)
    }

    /// Whose objects these are, as the header says.
    pub(crate) fn provider(&self) -> Provider {
        self.provider
    }

    /// What the rows hold (milestones, labels), as the header says.
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// Reads the next record into `self.record`, checking that it is UTF-8
    /// and saying what the crate does not about its cells.
    fn read_record(&mut self) -> Result<Option<RawRecord>, FileError> {
        let before = self.reader.position().clone();
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|error| self.csv_error(error))?;
        if !more {
            return Ok(None);
        }
        let start = self.start + before.byte();
        let end = self.start + self.reader.position().byte();
        let tap = self.reader.get_ref();
        let raw = tap.between(start, end);
        if let Err(error) = std::str::from_utf8(raw) {
            let byte = start + error.valid_up_to() as u64;
            let (line, line_start) = tap.line_of(byte);
            return Err(FileError::InvalidUtf8 {
                file: self.file.to_string(),
                line,
                column: usize::try_from(byte - line_start + 1).unwrap_or(usize::MAX),
                byte: usize::try_from(byte).unwrap_or(usize::MAX),
                value: raw[error.valid_up_to()],
            });
        }
        // The crate reports the line it stood on before skipping blank
        // lines, so those are counted in.
        let skipped = raw
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let record = RawRecord {
            line: before.line() + skipped,
            cells: scan_raw_cells(raw),
        };
        self.reader.get_mut().release(end);
        Ok(Some(record))
    }

    fn read_entry(&mut self) -> Result<Option<Entry>, FileError> {
        let Some(RawRecord { line, cells }) = self.read_record()? else {
            return Ok(None);
        };
        let file = || self.file.to_string();
        if let Some(cell) = cells.open_quote {
            return Err(FileError::OpenQuote {
                file: file(),
                line,
                column: self.header.get(cell).cloned().unwrap_or_default(),
            });
        }
        if self.record.len() != self.header.len() {
            return Err(FileError::FieldCount {
                file: file(),
                line,
                expected: self.header.len(),
                found: self.record.len(),
            });
        }
        let row: Row = self
            .header
            .iter()
            .zip(self.record.iter())
            .enumerate()
            .filter(|&(position, (_, cell))| {
                !cell.is_empty() || cells.quoted_empty.get(position).copied().unwrap_or(false)
            })
            .map(|(_, (column, cell))| (column.clone(), cell_text(cell)))
            .collect();
        let location = Location {
            file: self.file.clone(),
            kind: self.kind,
            line: Some(line),
            index: self.index,
        };
        self.index += 1;
        Ok(Some(Entry::row(location, row)))
    }

    fn csv_error(&self, error: ::csv::Error) -> FileError {
        let line = error
            .position()
            .map_or(self.header_line, ::csv::Position::line);
        let message = error.to_string();
        match error.into_kind() {
            ErrorKind::Io(source) => match TooLong::within(&source).map(|t| t.line) {
                Some(line) => FileError::TooLong {
                    file: self.file.to_string(),
                    line,
                    what: if self.header.is_empty() {
                        "the header row"
                    } else {
                        "a row"
                    },
                },
                None => FileError::Read {
                    file: self.file.to_string(),
                    source,
                },
            },
            _ => FileError::Csv {
                file: self.file.to_string(),
                line,
                message,
            },
        }
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Entry, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.read_entry().transpose();
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

/// A cell's text. The record it came from was checked to be UTF-8, and
/// cells split it at ASCII bytes, so nothing is ever replaced.
fn cell_text(cell: &[u8]) -> String {
    String::from_utf8_lossy(cell).into_owned()
}

/// Decides whose backup this is, and of what, from its header, and checks
/// the header.
fn check_header(header: &[String], file: &str, line: u64) -> Result<(Provider, Kind), FileError> {
    if reads_like_a_milestone(header) {
        return Err(FileError::NoHeader {
            file: file.to_owned(),
            line,
            found: shown_columns(header.iter().take(4).map(String::as_str)),
        });
    }
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
    let pairs = || {
        Kind::ALL.into_iter().flat_map(|kind| {
            Provider::all_of(kind)
                .iter()
                .map(move |provider| (*provider, kind))
        })
    };
    let claimed: Vec<(Provider, Kind)> = pairs()
        .filter(|(provider, kind)| provider.claims_columns(*kind, &has))
        .collect();
    let [claimed] = claimed[..] else {
        let found = shown_columns(header.iter().map(String::as_str));
        // With one marker of a provider present, the other is what is
        // missing: say so rather than leave the user guessing.
        let missing = pairs()
            .find_map(|(provider, kind)| Some((provider, provider.missing_column(kind, &has)?)));
        return Err(match missing {
            Some((provider, column)) if claimed.is_empty() => FileError::MissingColumn {
                file: file.to_owned(),
                line,
                provider,
                column,
                found,
            },
            _ => FileError::UnknownColumns {
                file: file.to_owned(),
                line,
                found,
            },
        });
    };
    Ok(claimed)
}

/// A first row that names no column any provider has, and holds what
/// no column name is (a number, a date, an empty cell): a milestone, so
/// the header row is missing.
fn reads_like_a_milestone(first: &[String]) -> bool {
    let known = |cell: &String| {
        Kind::ALL.into_iter().any(|kind| {
            Provider::all_of(kind)
                .iter()
                .any(|provider| provider.columns(kind).contains(&cell.as_str()))
        })
    };
    let data = |cell: &String| {
        let cell = cell.trim();
        cell.is_empty()
            || cell.parse::<f64>().is_ok()
            || cell
                .get(..10)
                .is_some_and(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok())
    };
    !first.iter().any(known) && first.iter().any(data)
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
    fn memory_stays_flat_however_long_the_file() {
        let mut text = String::from("number,title,description\n");
        for number in 0..100_000 {
            text.push_str(&format!("{number},t,\"two\nlines\"\n"));
        }
        let mut rows = CsvRows::open(text.as_bytes(), 0, "t.csv".into()).unwrap();
        let mut read = 0;
        let mut most_held = 0;
        while let Some(entry) = rows.next() {
            entry.unwrap();
            read += 1;
            most_held = most_held.max(rows.reader.get_ref().held());
        }
        assert_eq!(read, 100_000);
        assert!(most_held < 128 * 1024, "{most_held} bytes held");
    }

    #[test]
    fn writes_absent_bare_and_empty_quoted() {
        let mut out = Vec::new();
        write_record(&mut out, &[Some("a"), None, Some(""), Some("x,\"y\"\n")]).unwrap();
        assert_eq!(out, b"a,,\"\",\"x,\"\"y\"\"\n\"\n");
    }
}
