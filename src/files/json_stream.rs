//! Reading a JSON backup as a stream: milestones are handed out one at a
//! time while the file is read, so a backup of any length takes little
//! memory.
//!
//! serde_json drives the reading (it calls us for each part of the
//! document), so it runs on a thread of its own and hands the milestones,
//! checked and converted, over a short queue in small batches (one at a
//! time, the threads spent more time waking each other than reading); the
//! queue's bound keeps memory flat when the consumer is slower than the
//! file.
//!
//! The envelope's fields may come in any order. Milestones are handed out
//! as they are read once the provider is known: `provider` came before
//! `milestones` (as mileport writes it), or the document is a bare list, or
//! `provider` is `null` (either way, the first milestone's fields tell).
//! Otherwise `provider` may still follow the list, so the list is held, as
//! compact text, until the end of the document. `repository` and
//! `exported_at` that follow the list are known once it has been read.
//!
//! Problems are reported in file order, as for CSV: the first one found
//! ends the reading.

use std::{
    collections::HashSet,
    fmt,
    io::{self, Read},
    sync::{Arc, mpsc},
    thread,
};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, error::Category};

use crate::{provider::Provider, record::Kind};

use super::{
    Entry, FileError, Location, json,
    json_keys::{NUMBER_TOKEN, UniqueValue, duplicate_key, repeated},
    utf8::Utf8Check,
};

/// How many milestones go over at once, and how many such batches may
/// wait between the reading thread and the consumer.
const BATCH: usize = 64;
const QUEUE: usize = 2;

/// What the envelope says about the milestones, known before the first.
#[derive(Debug)]
pub(crate) struct Head {
    pub provider: Provider,
    pub repository: Option<String>,
    pub exported_at: Option<String>,
}

/// What the reading thread hands over: the head first (or a failure),
/// then entries, then the envelope's text fields as they ended up, or a
/// failure, which ends it.
enum Message {
    Head(Head),
    Entries(Vec<Entry>),
    Tail {
        repository: Option<String>,
        exported_at: Option<String>,
        /// Whether the document holds the list read (it may hold only the
        /// other kind's).
        list_read: bool,
    },
    Failed(FileError),
}

/// The milestones of a JSON backup, as they are read.
pub(crate) struct JsonRows {
    /// Whether the document held the list read, once it has been read.
    pub list_read: Option<bool>,
    receiver: mpsc::Receiver<Message>,
    /// The rest of the batch received last.
    batch: std::vec::IntoIter<Entry>,
    reading: Option<thread::JoinHandle<()>>,
    done: bool,
}

/// Starts reading `input`, whose first byte sits at file offset `start`,
/// and waits until the provider is known.
pub(crate) fn open(
    input: impl Read + Send + 'static,
    start: u64,
    file: &str,
    kind: Kind,
) -> Result<(Head, JsonRows), FileError> {
    let (sender, receiver) = mpsc::sync_channel(QUEUE);
    let name: Arc<str> = file.into();
    let reading = thread::Builder::new()
        .name("json backup".to_owned())
        .spawn(move || {
            let input = Utf8Check::new(input, start, &name);
            Parse::new(name, kind, sender).run(input);
        })
        .map_err(|source| FileError::Read {
            file: file.to_owned(),
            source,
        })?;
    let mut rows = JsonRows {
        list_read: None,
        receiver,
        batch: Vec::new().into_iter(),
        reading: Some(reading),
        done: false,
    };
    match rows.receive() {
        Some(Message::Head(head)) => Ok((head, rows)),
        Some(Message::Failed(error)) => Err(error),
        _ => Err(FileError::Read {
            file: file.to_owned(),
            source: io::Error::other("reading stopped before the milestones"),
        }),
    }
}

impl JsonRows {
    /// The next milestone, or the error that ends the reading. Envelope
    /// fields that come after the list update `repository` and `exported_at`.
    pub(crate) fn next(
        &mut self,
        repository: &mut Option<String>,
        exported_at: &mut Option<String>,
    ) -> Option<Result<Entry, FileError>> {
        loop {
            if let Some(entry) = self.batch.next() {
                return Some(Ok(entry));
            }
            if self.done {
                return None;
            }
            match self.receive() {
                Some(Message::Entries(batch)) => self.batch = batch.into_iter(),
                Some(Message::Failed(error)) => {
                    self.done = true;
                    return Some(Err(error));
                }
                Some(Message::Tail {
                    repository: later_repository,
                    exported_at: later_exported_at,
                    list_read,
                }) => {
                    *repository = later_repository;
                    *exported_at = later_exported_at;
                    self.list_read = Some(list_read);
                }
                Some(Message::Head(_)) => {}
                None => self.done = true,
            }
        }
    }

    /// The next message; none once the thread has ended, whose panic, if
    /// it had one, goes on here.
    fn receive(&mut self) -> Option<Message> {
        match self.receiver.recv() {
            Ok(message) => Some(message),
            Err(mpsc::RecvError) => {
                if let Some(reading) = self.reading.take()
                    && let Err(panic) = reading.join()
                {
                    std::panic::resume_unwind(panic);
                }
                None
            }
        }
    }
}

/// Why reading stopped before the end of the document.
enum Halt {
    Failed(FileError),
    /// Nobody reads the milestones any more.
    Gone,
}

impl From<FileError> for Halt {
    fn from(error: FileError) -> Halt {
        Halt::Failed(error)
    }
}

/// The reading thread's state.
struct Parse {
    file: Arc<str>,
    out: mpsc::SyncSender<Message>,
    /// Why a visitor stopped serde_json, which only carries its own errors.
    halted: Option<Halt>,
    /// The list read: `milestones` or `labels`.
    kind: Kind,
    /// The document is a bare list of milestones.
    bare: bool,
    /// The other kind's list was met (and skipped).
    other_list_read: bool,
    envelope_keys: HashSet<String>,
    /// `provider` was met, with this value (`None` for `null`).
    named: Option<Option<Provider>>,
    /// The provider the milestones are read as, once known.
    provider: Option<Provider>,
    repository: Option<String>,
    exported_at: Option<String>,
    head_sent: bool,
    list_read: bool,
    /// Milestones read before their provider was known, as compact JSON.
    held: Vec<Box<str>>,
    index: usize,
    /// Milestones not yet handed over.
    batch: Vec<Entry>,
}

impl Parse {
    fn new(file: Arc<str>, kind: Kind, out: mpsc::SyncSender<Message>) -> Parse {
        Parse {
            file,
            out,
            halted: None,
            kind,
            bare: false,
            other_list_read: false,
            envelope_keys: HashSet::new(),
            named: None,
            provider: None,
            repository: None,
            exported_at: None,
            head_sent: false,
            list_read: false,
            held: Vec::new(),
            index: 0,
            batch: Vec::with_capacity(BATCH),
        }
    }

    fn run(mut self, input: impl Read) {
        let mut deserializer = serde_json::Deserializer::from_reader(input);
        let read = Document(&mut self)
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        let ended = match read {
            Ok(()) => self.finish(),
            Err(error) => Err(match self.halted.take() {
                Some(halt) => halt,
                None => Halt::Failed(self.file_error(error)),
            }),
        };
        if let Err(Halt::Failed(error)) = ended {
            // What was read before the problem comes first. Nobody may be
            // listening any more, which is fine.
            let _ = self.flush();
            let _ = self.out.send(Message::Failed(error));
        }
    }

    /// Stops serde_json for `halt`, which `run` then reports.
    fn halt<E: de::Error>(&mut self, halt: impl Into<Halt>) -> E {
        self.halted = Some(halt.into());
        E::custom("stopped")
    }

    fn file_error(&self, error: serde_json::Error) -> FileError {
        if let Some(duplicate) = duplicate_key(&error, &self.file) {
            return duplicate;
        }
        if error.classify() == Category::Io {
            let error = io::Error::from(error);
            return match error.downcast::<FileError>() {
                Ok(not_utf8) => not_utf8,
                Err(source) => FileError::Read {
                    file: self.file.to_string(),
                    source,
                },
            };
        }
        json::syntax(&error, &self.file)
    }

    fn send(&self, message: Message) -> Result<(), Halt> {
        self.out.send(message).map_err(|_| Halt::Gone)
    }

    /// Hands over the milestones not yet handed over.
    fn flush(&mut self) -> Result<(), Halt> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.send(Message::Entries(batch))
    }

    fn send_head(&mut self, provider: Provider) -> Result<(), Halt> {
        if !self.head_sent {
            self.head_sent = true;
            self.send(Message::Head(Head {
                provider,
                repository: self.repository.clone(),
                exported_at: self.exported_at.clone(),
            }))?;
        }
        Ok(())
    }

    /// An envelope field other than `milestones`.
    fn envelope_field(&mut self, key: &str, value: Value) -> Result<(), FileError> {
        let file = &*self.file;
        match key {
            "format" => json::check_format(&value, file)?,
            "version" => json::check_version(&value, file)?,
            "repository" => self.repository = json::text_field("repository", value, file)?,
            "exported_at" => self.exported_at = json::text_field("exported_at", value, file)?,
            "provider" => {
                let named = json::text_field("provider", value, file)?
                    .map(|name| json::provider(name, file))
                    .transpose()?;
                self.named = Some(named);
                self.provider = named;
            }
            _ => {}
        }
        Ok(())
    }

    /// One milestone as read: handed out, or held until its provider is known.
    fn item(&mut self, item: Value) -> Result<(), Halt> {
        let provider = match self.provider {
            Some(provider) => provider,
            // Nothing further in the document can name the provider.
            None if self.bare || self.named == Some(None) => {
                let guessed = json::guess_provider(Some(&item), &self.file, self.kind)?;
                self.provider = Some(guessed);
                guessed
            }
            None => {
                self.held.push(item.to_string().into_boxed_str());
                return Ok(());
            }
        };
        self.send_head(provider)?;
        self.send_entry(item)
    }

    fn send_entry(&mut self, item: Value) -> Result<(), Halt> {
        let location = Location {
            file: self.file.clone(),
            kind: self.kind,
            line: None,
            index: self.index,
        };
        self.index += 1;
        let entry = json::entry(item, location)?;
        self.batch.push(entry);
        if self.batch.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// After the whole document: what could only be told at its end.
    fn finish(&mut self) -> Result<(), Halt> {
        // A backup of the other kind only, or one written before labels
        // were, holds none of this kind.
        if !self.list_read && !self.other_list_read {
            return Err(FileError::NoMilestones {
                file: self.file.to_string(),
            }
            .into());
        }
        let held = std::mem::take(&mut self.held);
        let provider = match self.provider {
            Some(provider) => provider,
            None => {
                let first = held.first().map(|text| parse_held(text));
                json::guess_provider(first.as_ref(), &self.file, self.kind)?
            }
        };
        self.send_head(provider)?;
        for text in held {
            self.send_entry(parse_held(&text))?;
        }
        self.flush()?;
        let tail = Message::Tail {
            repository: self.repository.take(),
            exported_at: self.exported_at.take(),
            list_read: self.list_read,
        };
        self.send(tail)
    }
}

/// A held milestone back as a value: it was written from one, so it reads.
fn parse_held(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The whole document: an envelope, or a bare list of milestones.
struct Document<'p>(&'p mut Parse);

impl Document<'_> {
    fn not_a_backup<E: de::Error>(self, value: Result<Value, E>) -> Result<(), E> {
        let value = value?;
        let error = json::not_a_backup(&value, &self.0.file);
        Err(self.0.halt(error))
    }
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a backup")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.bare = true;
        if self.0.kind != Kind::Milestones {
            // A bare list holds milestones.
            self.0.other_list_read = true;
            return de::IgnoredAny.visit_seq(seq).map(drop);
        }
        List(self.0).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == NUMBER_TOKEN && self.0.envelope_keys.is_empty() {
                let digits: String = map.next_value()?;
                let number = digits.parse().map_or(Value::String(digits), Value::Number);
                return self.not_a_backup(Ok(number));
            }
            if !self.0.envelope_keys.insert(key.clone()) {
                return Err(repeated(&mut map, &key));
            }
            if key == self.0.kind.many() {
                map.next_value_seed(List(&mut *self.0))?;
            } else if Kind::ALL.iter().any(|kind| kind.many() == key) {
                // The other kind's list, read on its own pass.
                map.next_value::<de::IgnoredAny>()?;
                self.0.other_list_read = true;
            } else {
                let value = map.next_value_seed(UniqueValue)?;
                if let Err(error) = self.0.envelope_field(&key, value) {
                    return Err(self.0.halt(error));
                }
            }
        }
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.not_a_backup(UniqueValue.visit_bool(value))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.not_a_backup(UniqueValue.visit_i64(value))
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.not_a_backup(UniqueValue.visit_u64(value))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.not_a_backup(UniqueValue.visit_f64(value))
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.not_a_backup(UniqueValue.visit_str(value))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_a_backup(UniqueValue.visit_unit())
    }
}

/// The `milestones` list (or the bare list), read one milestone at a time.
struct List<'p>(&'p mut Parse);

impl List<'_> {
    fn not_a_list<E: de::Error>(self, value: Result<Value, E>) -> Result<(), E> {
        let value = value?;
        let error = json::not_a_list(&value, &self.0.file);
        Err(self.0.halt(error))
    }
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of milestones")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.list_read = true;
        while let Some(item) = seq.next_element_seed(UniqueValue)? {
            if let Err(halt) = self.0.item(item) {
                return Err(self.0.halt(halt));
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.not_a_list(UniqueValue.visit_map(map))
    }
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.not_a_list(UniqueValue.visit_bool(value))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.not_a_list(UniqueValue.visit_i64(value))
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.not_a_list(UniqueValue.visit_u64(value))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        self.not_a_list(UniqueValue.visit_f64(value))
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<(), E> {
        self.not_a_list(UniqueValue.visit_str(value))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_a_list(UniqueValue.visit_unit())
    }
}
