//! What the terminal sees of a `command:` extractor's run: a progress bar
//! (only when stderr is a terminal), the program's stderr (passed through,
//! or to `--extractor-log`), and its processes stopped when hudna is
//! interrupted.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use hudna::extract::LineSink;
use hudna::run::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The terminal side of one `hudna score` run.
pub struct Runner {
    /// Drawn on stderr when it is a terminal; absent otherwise, so a log
    /// or a pipe gets no escape codes.
    bar: Option<ProgressBar>,
    /// `--extractor-log`: written line by line as the program writes
    /// (a log is read while the run goes on, so it is not written
    /// atomically at the end like the reports).
    log: Option<Arc<Mutex<(std::fs::File, std::path::PathBuf)>>>,
}

impl Runner {
    pub fn new(log: Option<&Path>) -> anyhow::Result<Runner> {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} documents · {elapsed} · eta {eta} · {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        let log = match log {
            Some(p) => {
                let f = std::fs::File::create(p)
                    .map_err(|e| anyhow::anyhow!("--extractor-log {}: {e}", p.display()))?;
                Some(Arc::new(Mutex::new((f, p.to_path_buf()))))
            }
            None => None,
        };
        Ok(Runner { bar, log })
    }

    /// Where the program's stderr lines go.
    pub fn stderr_sink(&self) -> LineSink {
        if let Some(log) = &self.log {
            let log = Arc::clone(log);
            return Arc::new(move |line: &str| {
                if let Ok(mut guard) = log.lock() {
                    let (file, path) = &mut *guard;
                    if let Err(e) = writeln!(file, "{line}") {
                        // Reported once per failing line; the run goes on,
                        // since losing a log is no reason to lose a run.
                        eprintln!("hudna: --extractor-log {}: {e}", path.display());
                    }
                }
            });
        }
        match &self.bar {
            // Lines are printed above the bar, which is redrawn below them.
            Some(bar) => {
                let bar = bar.clone();
                Arc::new(move |line: &str| bar.suspend(|| pass_through(line)))
            }
            None => Arc::new(pass_through),
        }
    }

    /// The progress bar, as the library's [`Progress`].
    pub fn progress(&self) -> Option<Arc<dyn Progress>> {
        self.bar
            .clone()
            .map(|b| Arc::new(Bar(b)) as Arc<dyn Progress>)
    }
}

/// Writes a program's stderr line to hudna's. A closed stderr is ignored
/// (`eprintln!` would panic the thread draining the program's stderr, and
/// the program would then block on a full pipe).
fn pass_through(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, total: usize, resumed: usize) {
        self.0.set_length(total as u64);
        if resumed > 0 {
            self.0.println(format!(
                "hudna: {resumed} document(s) answered from the saved answers"
            ));
        }
    }

    fn advance(&self, doc: &str) {
        self.0.set_message(doc.to_owned());
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// On SIGINT, SIGTERM or SIGHUP, stops every extractor program (they run
/// in their own process groups, so the terminal's Ctrl-C does not reach
/// them) and then dies of the signal as it would have.
pub fn stop_programs_on_signals() {
    #[cfg(unix)]
    {
        extern "C" fn on_signal(sig: libc::c_int) {
            hudna::extract::stop_all_programs();
            // SAFETY: signal(2) and raise(3) are async-signal-safe; the
            // default action then ends the process with this signal.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
                libc::raise(sig);
            }
        }
        let handler = on_signal as extern "C" fn(libc::c_int);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: installs a handler that only does async-signal-safe
            // work (atomics, kill, signal, raise).
            unsafe {
                libc::signal(sig, handler as libc::sighandler_t);
            }
        }
    }
}
