//! All output in one place. A command gets a [`Printer`] and prints through
//! it: results on stdout, notes and warnings on stderr, progress where the
//! printer says. Every piece of text passes through `redact::clean` on its
//! way out (secrets hidden, control characters escaped), and colour is
//! added only after that, from styles chosen here, never from the data.

use std::{
    io::{IsTerminal, Write},
    sync::Arc,
    time::Duration,
};

use anstyle::{AnsiColor, Style};

use crate::progress::{Progress, ProgressMode};

/// How much to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Results and errors only: no notes, no progress.
    Quiet,
    Default,
    /// Notes and progress, plus logs (`-v` requests, `-vv` details).
    Verbose(u8),
}

/// `--color`: whether output is coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)
    #[default]
    Auto,
    Always,
    Never,
}

/// The styles output uses, by meaning.
pub mod styles {
    use super::*;

    pub const CREATE: Style = AnsiColor::Green.on_default();
    pub const UPDATE: Style = AnsiColor::Yellow.on_default();
    pub const TARGET_ONLY: Style = AnsiColor::Magenta.on_default();
    pub const REMOVED: Style = AnsiColor::Red.on_default();
    pub const FAILED: Style = AnsiColor::Red.on_default().bold();
    pub const ADDED: Style = AnsiColor::Green.on_default();
    pub const DIM: Style = Style::new().dimmed();
    pub const BOLD: Style = Style::new().bold();
    pub const HEADER: Style = Style::new().bold().underline();
}

/// A line of output in pieces, each with its style. The text is cleaned
/// piece by piece, so a style never comes from the data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pieces: Vec<(Style, String)>,
}

impl Line {
    pub fn new() -> Line {
        Line::default()
    }

    /// Adds unstyled text.
    pub fn text(mut self, text: impl AsRef<str>) -> Line {
        self.pieces.push((Style::new(), text.as_ref().to_owned()));
        self
    }

    /// Adds styled text.
    pub fn styled(mut self, style: Style, text: impl AsRef<str>) -> Line {
        self.pieces.push((style, text.as_ref().to_owned()));
        self
    }

    pub fn push(&mut self, style: Style, text: impl AsRef<str>) {
        self.pieces.push((style, text.as_ref().to_owned()));
    }

    /// The text, cleaned, with colour codes when `color`.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for (style, text) in &self.pieces {
            let text = crate::redact::clean(text);
            if color && *style != Style::new() {
                out.push_str(&format!("{}{text}{}", style.render(), style.render_reset()));
            } else {
                out.push_str(&text);
            }
        }
        out
    }
}

impl From<&str> for Line {
    fn from(text: &str) -> Line {
        Line::new().text(text)
    }
}

impl From<String> for Line {
    fn from(text: String) -> Line {
        Line::new().text(text)
    }
}

impl From<&String> for Line {
    fn from(text: &String) -> Line {
        Line::new().text(text)
    }
}

/// Where and how a command prints. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Printer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    verbosity: Verbosity,
    color: bool,
    stdin_terminal: bool,
    progress: Progress,
    width: usize,
    /// Documents held back rather than printed (see [`Printer::hold_json`]).
    held: std::sync::Mutex<Option<Vec<serde_json::Value>>>,
}

/// How the printer is set up; `Printer::new` works out the rest from the
/// environment (terminals, NO_COLOR, CLICOLOR_FORCE, COLUMNS).
#[derive(Clone, Copy, Debug)]
pub struct PrinterOptions {
    pub verbosity: Verbosity,
    pub color: ColorChoice,
    /// How often progress is printed as lines when stderr is no terminal.
    pub line_interval: Duration,
    /// Waits longer than this are said on the progress line.
    pub wait_notice: Duration,
}

impl Default for PrinterOptions {
    fn default() -> Self {
        PrinterOptions {
            verbosity: Verbosity::Default,
            color: ColorChoice::Auto,
            line_interval: Duration::from_secs(10),
            wait_notice: Duration::from_secs(1),
        }
    }
}

impl Printer {
    /// A printer for this process, told about every wait of the run.
    pub fn new(options: PrinterOptions) -> Printer {
        let choice = match options.color {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
        let stdout = std::io::stdout();
        let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
        let mode = match options.verbosity {
            Verbosity::Quiet => ProgressMode::Hidden,
            _ if std::io::stderr().is_terminal() => ProgressMode::Bars,
            _ => ProgressMode::Lines {
                interval: options.line_interval,
            },
        };
        let printer = Printer {
            inner: Arc::new(Inner {
                verbosity: options.verbosity,
                color,
                stdin_terminal: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
                progress: Progress::new(mode),
                width: terminal_width(),
                held: std::sync::Mutex::new(None),
            }),
        };
        let progress = printer.inner.progress.clone();
        crate::net::waits::listen(options.wait_notice, move |event| {
            progress.waiting(event);
        });
        printer
    }

    pub fn verbosity(&self) -> Verbosity {
        self.inner.verbosity
    }

    pub fn color(&self) -> bool {
        self.inner.color
    }

    /// The width to wrap tables to: the terminal's, else COLUMNS, else 100.
    pub fn width(&self) -> usize {
        self.inner.width
    }

    /// Whether a question can be asked and answered (stdin and stderr are
    /// a terminal).
    pub fn can_ask(&self) -> bool {
        self.inner.stdin_terminal
    }

    pub fn progress(&self) -> &Progress {
        &self.inner.progress
    }

    /// A line of results on stdout.
    pub fn out(&self, line: impl Into<Line>) -> std::io::Result<()> {
        let text = line.into().render(self.inner.color);
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{text}")?;
        stdout.flush()
    }

    /// Several lines of results on stdout, written at once.
    pub fn out_lines(&self, lines: impl IntoIterator<Item = Line>) -> std::io::Result<()> {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        for line in lines {
            writeln!(stdout, "{}", line.render(self.inner.color))?;
        }
        stdout.flush()
    }

    /// One JSON document on stdout, in its envelope (secrets scrubbed;
    /// JSON escapes control characters itself).
    /// From now on, `--json` documents are held rather than printed, for
    /// a command that runs once per kind of object to print them as one.
    pub fn hold_json(&self) {
        let mut held = self.inner.held.lock().unwrap_or_else(|e| e.into_inner());
        held.get_or_insert_with(Vec::new);
    }

    /// Prints the documents held as one: the first (the milestones') with
    /// each later one (the labels') under its `"objects"` name, without its
    /// envelope; nothing when none was held.
    pub fn release_json(&self) -> anyhow::Result<()> {
        let held = self
            .inner
            .held
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let mut documents = held.unwrap_or_default().into_iter();
        let Some(mut first) = documents.next() else {
            return Ok(());
        };
        for mut later in documents {
            let name = later
                .get("objects")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("labels")
                .to_owned();
            if let (Some(later), Some(first)) = (later.as_object_mut(), first.as_object_mut()) {
                later.remove("schema");
                later.remove("kind");
                later.remove("objects");
                first.insert(name, serde_json::Value::Object(later.clone()));
            }
        }
        let text = serde_json::to_string_pretty(&first)?;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", crate::redact::scrub(&text))?;
        stdout.flush()?;
        Ok(())
    }

    pub fn out_json<T: serde::Serialize>(
        &self,
        document: &crate::document::Document<'_, T>,
    ) -> anyhow::Result<()> {
        let mut held = self.inner.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(held) = held.as_mut() {
            held.push(serde_json::to_value(document)?);
            return Ok(());
        }
        drop(held);
        let text = serde_json::to_string_pretty(document)?;
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", crate::redact::scrub(&text))?;
        stdout.flush()?;
        Ok(())
    }

    /// A note on stderr for a person, unless `--quiet`.
    pub fn note(&self, line: impl Into<Line>) {
        if self.inner.verbosity != Verbosity::Quiet {
            self.err(line);
        }
    }

    /// A line on stderr, even with `--quiet` (warnings, failures).
    pub fn err(&self, line: impl Into<Line>) {
        let text = line.into().render(false);
        // A terminal gone (SIGHUP) must not end the run mid-write.
        self.inner.progress.suspend(|| {
            let _ = writeln!(std::io::stderr(), "{text}");
        });
    }

    /// Asks a yes/no question on stderr and reads the answer from stdin;
    /// anything but y or yes is no.
    pub fn confirm(&self, question: &str) -> std::io::Result<bool> {
        // The plan on its way through a pipe (`| tee`) is shown first.
        std::io::stdout().flush()?;
        crate::pipe::wait_until_read();
        // A signal during the question ends the process at once.
        self.inner.progress.suspend(|| {
            crate::interrupt::while_asking(|| {
                // One write: the question is never split by other output.
                let prompt = format!("{} [y/N] ", crate::redact::clean(question));
                let mut stderr = std::io::stderr().lock();
                stderr.write_all(prompt.as_bytes())?;
                stderr.flush()?;
                drop(stderr);
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                Ok(matches!(
                    answer.trim().to_ascii_lowercase().as_str(),
                    "y" | "yes"
                ))
            })
        })
    }
}

fn terminal_width() -> usize {
    if let Some((terminal_size::Width(width), _)) = terminal_size::terminal_size() {
        return usize::from(width);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 20)
        .unwrap_or(100)
}

/// A writer for `tracing` that sends each log line through the printer's
/// stderr (cleaned, and clear of the progress bars).
#[derive(Clone, Debug)]
pub struct LogWriter {
    printer: Printer,
}

impl LogWriter {
    pub fn new(printer: Printer) -> LogWriter {
        LogWriter { printer }
    }
}

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.printer.err(text.trim_end_matches('\n'));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_never_come_from_the_data() {
        let line = Line::new()
            .styled(styles::CREATE, "+ ")
            .text("evil\x1b[31mred");
        assert_eq!(line.render(false), "+ evil\\x1b[31mred");
        assert_eq!(
            line.render(true),
            "\x1b[32m+ \x1b[0mevil\\x1b[31mred",
            "only our own codes are raw"
        );
    }
}
