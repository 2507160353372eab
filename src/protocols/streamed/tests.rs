//! The streamed check against scripted readings: what the sink is handed,
//! when it starts over, and how each reading is judged.

use super::*;

/// An object of the scripted listings: a key and a body.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
struct Item {
    key: &'static str,
    body: &'static str,
}

fn item(key: &'static str, body: &'static str) -> Item {
    Item { key, body }
}

/// Told apart by key and a hash of the whole.
struct Hashed;

impl Rules<Item> for Hashed {
    type Mark = u64;

    fn key(item: &Item) -> Option<String> {
        Some(item.key.to_owned())
    }

    fn mark(item: &Item) -> u64 {
        fingerprint(item)
    }

    fn twice(key: &str) -> String {
        format!("item {key} was listed twice")
    }

    fn clash(key: &str, _: &u64, second: &Item) -> String {
        format!("two different items carry the key {key} ({})", second.body)
    }
}

/// One scripted reading: its pages' objects, and how it ended.
struct Script {
    objects: Vec<Item>,
    total: Option<u64>,
    pages: usize,
}

fn reading(objects: &[Item], total: Option<u64>, pages: usize) -> Script {
    Script {
        objects: objects.to_vec(),
        total,
        pages,
    }
}

/// Plays the scripted readings in order, one a call.
struct Scripted {
    readings: std::vec::IntoIter<Script>,
    played: usize,
}

impl Pager<Item, Hashed> for Scripted {
    async fn read(
        &mut self,
        _operation: &str,
        check: &mut Check<'_, Item, Hashed>,
    ) -> Result<Ending, ApiError> {
        self.played += 1;
        let script = self.readings.next().expect("a reading more than scripted");
        for object in &script.objects {
            check.take(object);
        }
        Ok(Ending {
            total: script.total,
            pages: script.pages,
            changed: None,
        })
    }
}

/// What the sink was told: each restart and each object's key.
#[derive(Default)]
struct Told(Vec<String>);

impl Sink<Item> for Told {
    fn restart(&mut self) {
        self.0.push("restart".to_owned());
    }

    fn take(&mut self, object: &Item) {
        self.0.push(object.key.to_owned());
    }
}

fn about() -> About {
    About {
        provider: Provider::all()[0],
        operation: "list items of o/r".to_owned(),
        what: "items",
        listed: Listed::Milestones,
    }
}

/// Reads the scripted readings: the outcome, what the sink was told and
/// how many readings were made.
fn play(readings: Vec<Script>) -> (Result<Stood, ApiError>, Vec<String>, usize) {
    let mut pager = Scripted {
        readings: readings.into_iter(),
        played: 0,
    };
    let mut told = Told::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let outcome = runtime.block_on(read_into(&mut pager, &about(), &mut told));
    (outcome, told.0, pager.played)
}

fn keys(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|key| (*key).to_owned()).collect()
}

#[test]
fn one_listed_twice_restarts_the_sink_and_reads_again() {
    let (a, b) = (item("a", "1"), item("b", "2"));
    let (outcome, told, played) = play(vec![
        reading(&[a.clone(), a.clone(), b.clone()], None, 1),
        reading(&[a, b], None, 1),
    ]);
    let stood = outcome.unwrap();
    assert_eq!(played, 2);
    assert_eq!(told, ["restart", "a", "a", "b", "restart", "a", "b"]);
    assert_eq!(stood.keys, keys(&["a", "b"]));
    assert_eq!(stood.problems, ["item a was listed twice"]);
}

#[test]
fn two_different_objects_under_one_key_are_an_error() {
    let (outcome, _, played) = play(vec![reading(&[item("a", "1"), item("a", "2")], Some(2), 1)]);
    let error = outcome.unwrap_err().to_string();
    assert_eq!(played, 1);
    assert!(
        error.contains("two different items carry the key a (2)"),
        "{error}"
    );
}

#[test]
fn several_pages_without_a_total_stand_once_a_second_reading_agrees() {
    let (a, b, c) = (item("a", "1"), item("b", "2"), item("c", "3"));
    let (outcome, told, played) = play(vec![
        reading(&[a.clone(), b.clone()], None, 2),
        reading(&[a.clone(), c.clone()], None, 2),
        reading(&[a, c], None, 2),
    ]);
    let stood = outcome.unwrap();
    assert_eq!(played, 3);
    assert_eq!(told.iter().filter(|t| *t == "restart").count(), 3);
    assert_eq!(told.last().map(String::as_str), Some("c"));
    assert_eq!(stood.keys, keys(&["a", "c"]));
    assert_eq!(
        stood.problems,
        [
            "two readings with no total to check them disagreed: only the earlier listed b, only the later c"
        ]
    );
}

#[test]
fn one_page_or_a_matching_total_stands_at_once() {
    let (a, b) = (item("a", "1"), item("b", "2"));
    let (outcome, _, played) = play(vec![reading(&[a.clone(), b.clone()], Some(2), 3)]);
    assert_eq!(played, 1);
    assert!(outcome.unwrap().problems.is_empty());
    let (outcome, _, played) = play(vec![reading(&[a, b], None, 1)]);
    assert_eq!(played, 1);
    assert_eq!(outcome.unwrap().keys, keys(&["a", "b"]));
}

#[test]
fn a_count_short_of_the_total_is_read_again_then_given_up_on() {
    let a = item("a", "1");
    let short = || reading(std::slice::from_ref(&a), Some(2), 1);
    let (outcome, told, played) = play(vec![short(), short(), short()]);
    assert_eq!(played, READS);
    assert_eq!(told, ["restart", "a", "restart", "a", "restart", "a"]);
    let error = outcome.unwrap_err().to_string();
    assert!(
        error.contains("the listing did not add up in 3 readings (read 1 items where the server counts 2; read 1 items where the server counts 2; read 1 items where the server counts 2)"),
        "{error}"
    );
}

#[test]
fn a_reading_that_gave_itself_away_is_changed_whatever_it_holds() {
    let mut told = Told::default();
    let mut check = Check::<Item, Hashed>::new(&mut told);
    assert!(!check.take(&item("a", "1")));
    let ending = Ending {
        total: Some(1),
        pages: 1,
        changed: Some("the total went from 1 to 2 while reading".into()),
    };
    match check.judge(ending, "items") {
        Ok(Pass::Changed(why)) => assert_eq!(why, "the total went from 1 to 2 while reading"),
        _ => panic!("a reading that moved was kept"),
    }
}
