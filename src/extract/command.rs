//! An external program as an extractor, over JSONL on stdin/stdout.
//!
//! The protocol is specified in `docs/extractor-protocol.md`; in short, one
//! request line per article on the program's stdin, one answer line per
//! article on its stdout, stdin closed at the end. Anything else — a crash, a
//! timeout, a line that is not JSON, an answer for another document, records
//! outside the prediction schema — is an [`Error::Extractor`] naming the
//! article and quoting the end of the program's stderr, never a silent zero.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::error::Error;
use crate::profile::Profile;
use crate::record::Record;

use super::{ArticleInput, Extractor, LineSink};

/// The protocol version sent with every request.
pub const PROTOCOL: &str = "hudna-extract/1";

/// How much of the program's stderr is kept for error messages.
const STDERR_KEEP: usize = 4096;

/// Slots for the process groups of running programs (see
/// [`stop_all_programs`]); far more than the 64 copies one run may start.
const GROUP_SLOTS: usize = 256;

/// Process groups of the programs running now, 0 for a free slot. A fixed
/// array of atomics, so that a signal handler can read it without locking.
static GROUPS: [AtomicI32; GROUP_SLOTS] = [const { AtomicI32::new(0) }; GROUP_SLOTS];

/// Stops every extractor program this process started and has not yet
/// waited for, with whatever they started (their process groups).
///
/// The programs run in their own process groups, so a Ctrl-C at the
/// terminal reaches hudna but not them: without this, a program busy on a
/// long document would outlive an interrupted run. It only reads atomics
/// and calls `kill(2)`, both async-signal-safe, so a signal handler may
/// call it.
pub fn stop_all_programs() {
    for slot in &GROUPS {
        let group = slot.swap(0, Ordering::SeqCst);
        #[cfg(unix)]
        if group > 0 {
            // SAFETY: kill(2) with a negative pid signals a process group;
            // it touches no memory of ours.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        #[cfg(not(unix))]
        let _ = group;
    }
}

fn register_group(group: i32) -> Option<usize> {
    GROUPS.iter().position(|s| {
        s.compare_exchange(0, group, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    })
}

fn unregister_group(slot: Option<usize>, group: i32) {
    if let Some(i) = slot {
        let _ = GROUPS[i].compare_exchange(group, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// A running extractor program.
pub struct CommandExtractor {
    command: String,
    timeout: Duration,
    profile: Profile,
    child: Option<Running>,
    /// Where its stderr goes line by line, besides the tail kept for error
    /// messages; with the prefix each line gets (which copy wrote it).
    stderr_sink: Option<(LineSink, String)>,
}

struct Running {
    child: Child,
    /// Its process group (its pid) and its slot in [`GROUPS`].
    group: i32,
    slot: Option<usize>,
    /// Requests go through a writer thread, so a program that stops reading
    /// its stdin cannot block hudna past the timeout. Dropping the sender
    /// closes the program's stdin.
    requests: Option<Sender<String>>,
    lines: Receiver<std::io::Result<String>>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

impl CommandExtractor {
    /// An extractor running `command` through `sh -c`, allowing `timeout` per
    /// article. The program is started on the first article.
    pub fn new(command: impl Into<String>, timeout: Duration) -> Self {
        CommandExtractor {
            command: command.into(),
            timeout,
            profile: Profile::Strict,
            child: None,
            stderr_sink: None,
        }
    }

    /// Also hands every line the program writes to its stderr to `sink`,
    /// as it is written, each line after `prefix`. Without a sink, stderr
    /// is only kept (its last 4 KB) to be quoted in error messages; a user
    /// watching a long run wants the program's own logging.
    pub fn with_stderr(mut self, sink: LineSink, prefix: impl Into<String>) -> Self {
        self.stderr_sink = Some((sink, prefix.into()));
        self
    }

    /// Checks the program's records under `profile` (the gold's) instead of
    /// the strict one: against a core corpus, its entity types are the
    /// corpus's labels.
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    fn fail(&self, doc: &str, message: impl Into<String>) -> Error {
        let stderr = self
            .child
            .as_ref()
            .map(|r| {
                // Give the stderr reader a moment to drain what a dying
                // program wrote last.
                thread::sleep(Duration::from_millis(50));
                let buf = r.stderr.lock().map(|b| b.clone()).unwrap_or_default();
                String::from_utf8_lossy(&buf).into_owned()
            })
            .unwrap_or_default();
        Error::Extractor {
            name: self.name(),
            doc: doc.to_owned(),
            message: message.into(),
            stderr,
        }
    }

    fn start(&mut self, doc: &str) -> Result<(), Error> {
        if self.child.is_some() {
            return Ok(());
        }
        let mut command = Command::new("sh");
        command.arg("-c").arg(&self.command);
        // Its own process group, so that stopping it stops whatever it
        // started too (`sh -c` forks the real program).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                self.fail(
                    doc,
                    format!("could not start `sh -c {}`: {e}", self.command),
                )
            })?;
        let stdin = child.stdin.take();
        let (req_tx, req_rx) = channel::<String>();
        if let Some(mut stdin) = stdin {
            thread::spawn(move || {
                for line in req_rx {
                    if stdin
                        .write_all(line.as_bytes())
                        .and_then(|_| stdin.flush())
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        let stdout = child.stdout.take();
        let stderr_pipe = child.stderr.take();
        let (tx, rx) = channel();
        if let Some(out) = stdout {
            thread::spawn(move || {
                let mut r = BufReader::new(out);
                loop {
                    let line = read_bounded_line(&mut r);
                    let stop = !matches!(line, Ok(Some(_)));
                    let sent = match line {
                        Ok(Some(l)) => tx.send(Ok(l)),
                        Ok(None) => break,
                        Err(e) => tx.send(Err(e)),
                    };
                    if sent.is_err() || stop {
                        break;
                    }
                }
            });
        }
        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut err) = stderr_pipe {
            let tail = Arc::clone(&stderr);
            let mut lines = self.stderr_sink.clone().map(|(sink, prefix)| LineSplitter {
                sink,
                prefix,
                pending: Vec::new(),
            });
            thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = err.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Some(l) = lines.as_mut() {
                        l.feed(&buf[..n]);
                    }
                    if let Ok(mut s) = tail.lock() {
                        s.extend_from_slice(&buf[..n]);
                        let excess = s.len().saturating_sub(STDERR_KEEP);
                        s.drain(..excess);
                    }
                }
                if let Some(l) = lines.as_mut() {
                    l.flush();
                }
            });
        }
        let group = i32::try_from(child.id()).unwrap_or(0);
        self.child = Some(Running {
            slot: register_group(group),
            group,
            child,
            requests: Some(req_tx),
            lines: rx,
            stderr,
        });
        Ok(())
    }

    /// Describes how the program ended, if it has.
    fn exit_status(&mut self) -> String {
        let Some(r) = self.child.as_mut() else {
            return "it is not running".into();
        };
        for _ in 0..20 {
            if let Ok(Some(status)) = r.child.try_wait() {
                return format!("it exited with {status}");
            }
            thread::sleep(Duration::from_millis(10));
        }
        "it closed its stdout".into()
    }

    fn kill(&mut self) {
        if let Some(r) = self.child.as_mut() {
            drop(r.requests.take());
            kill_group(r.group);
            let _ = r.child.kill();
            // Unregistered before it is reaped: until then its pid, and so
            // its group id, cannot be reused by another process.
            unregister_group(r.slot, r.group);
            let _ = r.child.wait();
        }
    }

    /// Closes the program's stdin and waits for it to exit; a non-zero exit
    /// is an error, so a program that crashed after its last answer is not
    /// mistaken for one that finished.
    pub fn finish(&mut self) -> Result<(), Error> {
        let Some(r) = self.child.as_mut() else {
            return Ok(());
        };
        drop(r.requests.take());
        let now = std::time::Instant::now();
        let deadline = now
            .checked_add(self.timeout)
            .unwrap_or(now + Duration::from_secs(86_400));
        loop {
            let Some(r) = self.child.as_mut() else {
                return Ok(());
            };
            let exited = r.child.try_wait();
            if let Ok(Some(_)) = exited {
                // Whatever it left running in its group goes with it: a run
                // leaves no process behind.
                kill_group(r.group);
                unregister_group(r.slot, r.group);
            }
            match exited {
                Ok(Some(status)) if status.success() => {
                    // Anything still on stdout is an answer nobody asked for.
                    thread::sleep(Duration::from_millis(20));
                    let extra = match r.lines.try_recv() {
                        Ok(Ok(line)) => Some(line),
                        Ok(Err(_)) | Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
                    };
                    if let Some(line) = extra {
                        let e = self.fail(
                            "",
                            format!(
                                "it wrote more answers than it was sent articles: {}",
                                preview(&line)
                            ),
                        );
                        self.child = None;
                        return Err(e);
                    }
                    self.child = None;
                    return Ok(());
                }
                Ok(Some(status)) => {
                    let e = self.fail("", format!("it exited with {status} after its last answer"));
                    self.child = None;
                    return Err(e);
                }
                Ok(None) if std::time::Instant::now() < deadline => {
                    thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let e = self.fail("", "it did not exit after stdin was closed");
                    self.kill();
                    self.child = None;
                    return Err(e);
                }
            }
        }
    }

    /// Waits for the next answer line, watching the program as well as the
    /// clock: one that exited without answering is reported at once, even
    /// when something it started still holds its stdout open (the pipe then
    /// never closes, and only the timeout would end the wait).
    fn next_line(&mut self) -> Waited {
        /// How often the program is checked while no line comes.
        const POLL: Duration = Duration::from_millis(100);
        /// How long a line written just before exiting is waited for.
        const GRACE: Duration = Duration::from_millis(200);
        let start = Instant::now();
        let mut exited_at: Option<Instant> = None;
        loop {
            let Some(r) = self.child.as_mut() else {
                return Waited::Gone;
            };
            match r.lines.recv_timeout(POLL) {
                Ok(Ok(l)) => return Waited::Line(l),
                Ok(Err(e)) => return Waited::ReadError(e),
                Err(RecvTimeoutError::Disconnected) => return Waited::Gone,
                Err(RecvTimeoutError::Timeout) => {}
            }
            let now = Instant::now();
            if exited_at.is_none() && matches!(r.child.try_wait(), Ok(Some(_))) {
                exited_at = Some(now);
            }
            if exited_at.is_some_and(|t| now.duration_since(t) >= GRACE) {
                return Waited::Gone;
            }
            if now.duration_since(start) >= self.timeout {
                return Waited::Timeout;
            }
        }
    }

    fn parse_answer(&self, doc: &str, line: &str) -> Result<Vec<Record>, Error> {
        let value: Value = serde_json::from_str(line).map_err(|e| {
            self.fail(
                doc,
                format!("its answer is not JSON ({e}): {}", preview(line)),
            )
        })?;
        if let Some(msg) = value.get("error").and_then(Value::as_str) {
            return Err(self.fail(doc, format!("it reported an error: {msg}")));
        }
        match value.get("doc").and_then(Value::as_str) {
            Some(d) if d == doc => {}
            Some(d) => return Err(self.fail(doc, format!("it answered for document `{d}`"))),
            None => return Err(self.fail(doc, "its answer has no `doc` field")),
        }
        let Some(items) = value.get("records").and_then(Value::as_array) else {
            return Err(self.fail(doc, "its answer has no `records` array"));
        };
        super::records_of_answer(&self.name(), doc, items, self.profile)
            .map_err(|m| self.fail(doc, m))
    }
}

/// How waiting for an answer ended.
enum Waited {
    Line(String),
    ReadError(std::io::Error),
    Timeout,
    /// The program exited, or closed its stdout, without answering.
    Gone,
}

/// Kills a process group (the program and whatever it started).
fn kill_group(group: i32) {
    #[cfg(unix)]
    if group > 0 {
        // SAFETY: kill(2) with a negative pid signals the process group the
        // child leads; it touches no memory of ours.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = group;
}

/// Cuts a program's stderr into lines for a [`LineSink`]. A line is handed
/// over whole, so the lines of several programs, or a progress bar, never
/// interleave inside one line.
struct LineSplitter {
    sink: LineSink,
    prefix: String,
    pending: Vec<u8>,
}

impl LineSplitter {
    /// The most bytes held for one line before it is handed over anyway: a
    /// program printing a progress bar with `\r` and no newline must not
    /// grow it without end.
    const MAX_LINE: usize = 64 * 1024;

    fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        while let Some(at) = self.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=at).collect();
            self.emit(&line[..line.len() - 1]);
        }
        if self.pending.len() > Self::MAX_LINE {
            let line = std::mem::take(&mut self.pending);
            self.emit(&line);
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.emit(&line);
        }
    }

    fn emit(&self, line: &[u8]) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        (self.sink)(&format!("{}{}", self.prefix, String::from_utf8_lossy(line)));
    }
}

fn preview(s: &str) -> String {
    let p: String = s.chars().take(120).collect();
    if p.len() < s.len() {
        format!("{p}…")
    } else {
        p
    }
}

impl Extractor for CommandExtractor {
    fn name(&self) -> String {
        format!("command:{}", self.command)
    }

    fn extract(&mut self, article: &ArticleInput<'_>) -> Result<Vec<Record>, Error> {
        let doc = article.doc;
        self.start(doc)?;
        let request = json!({"protocol": PROTOCOL, "doc": doc, "text": article.text});
        let mut line = request.to_string();
        line.push('\n');
        let sent = self
            .child
            .as_ref()
            .and_then(|r| r.requests.as_ref())
            .is_some_and(|tx| tx.send(line).is_ok());
        if !sent {
            let status = self.exit_status();
            return Err(self.fail(doc, format!("could not send the article; {status}")));
        }
        let answer = match self.next_line() {
            Waited::Line(l) => l,
            Waited::ReadError(e) => {
                return Err(self.fail(doc, format!("reading its stdout failed: {e}")));
            }
            Waited::Timeout => {
                let e = self.fail(
                    doc,
                    format!(
                        "no answer within {} s; it was stopped",
                        self.timeout.as_secs_f64()
                    ),
                );
                self.kill();
                self.child = None;
                return Err(e);
            }
            Waited::Gone => {
                let status = self.exit_status();
                return Err(self.fail(doc, format!("no answer: {status}")));
            }
        };
        self.parse_answer(doc, &answer)
    }

    fn extract_all(&mut self, articles: &[ArticleInput<'_>]) -> Result<Vec<Vec<Record>>, Error> {
        let out = articles
            .iter()
            .map(|a| self.extract(a))
            .collect::<Result<Vec<_>, _>>();
        match out {
            Ok(v) => self.finish().map(|_| v),
            Err(e) => {
                self.kill();
                Err(e)
            }
        }
    }
}

impl Drop for CommandExtractor {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The longest answer line read from a command extractor. An answer is
/// one document's records; a program that prints one endless line (a bug,
/// a binary dump) must fail with a clear error, not exhaust memory before
/// the timeout fires.
pub const MAX_ANSWER_LINE: usize = 64 << 20;

/// One line of the program's stdout, without its line break: `None` at
/// the end, an error when it is longer than [`MAX_ANSWER_LINE`] or not
/// UTF-8.
fn read_bounded_line(r: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let got = r
        .by_ref()
        .take(MAX_ANSWER_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)?;
    if got == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    } else if got > MAX_ANSWER_LINE {
        return Err(std::io::Error::other(format!(
            "it printed a line longer than {MAX_ANSWER_LINE} bytes (an answer is one line of JSON records)"
        )));
    }
    String::from_utf8(buf).map(Some).map_err(|_| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, "its answer is not UTF-8")
    })
}
