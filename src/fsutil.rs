//! Writing files so that a crash never leaves a half-written one behind.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` as [`AtomicFile`] does.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// How a target is written.
#[derive(Debug)]
enum Target {
    /// A regular file (or none yet): a temporary file beside it, renamed
    /// over it on commit; the old file's permissions are kept.
    Replace {
        target: PathBuf,
        tmp: PathBuf,
        mode: Option<std::fs::Permissions>,
    },
    /// A character device or a FIFO (`/dev/null`, `/dev/stdout`, a pipe):
    /// there is nothing to replace, and replacing the node with a regular
    /// file would break it for everyone, so the bytes go straight to it.
    Direct,
}

/// A file written as a stream and put in place atomically.
///
/// The bytes go to a temporary file beside the target, which
/// [`AtomicFile::commit`] syncs and renames over it. Dropped without a
/// commit (an error, a refused run), the temporary file is removed and the
/// target is untouched. What the target is decides how it is written:
///
/// - a symbolic link is followed, and the file it points to is replaced,
///   so the link stays a link;
/// - a regular file keeps its permissions;
/// - a character device or FIFO is written directly (see [`Target::Direct`]);
/// - a directory, block device or socket is refused.
///
/// The temporary name is short (`.hudna-PID-N.tmp`), so any name the file
/// system accepts for the target also works for it; one left behind by a
/// process killed with SIGKILL is removed by the next write into the same
/// directory once that process is gone.
#[derive(Debug)]
pub struct AtomicFile {
    how: Target,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

/// The most symbolic links followed from one target (as Linux's ELOOP).
const MAX_LINKS: usize = 40;

fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links (a loop?)"
    )))
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn temp_name() -> String {
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(".hudna-{}-{n}.tmp", std::process::id())
}

/// Whether process `pid` is alive (unknown counts as alive).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(p) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: kill with signal 0 only checks for the process.
    let r = unsafe { libc::kill(p, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn alive(_: u32) -> bool {
    true
}

/// Removes temporary files of processes that no longer run.
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(".hudna-"))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !alive(pid) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let target = resolve(path)?;
        let mut mode = None;
        match std::fs::metadata(&target) {
            Ok(m) if m.is_file() => mode = Some(m.permissions()),
            Ok(m) if m.is_dir() => {
                return Err(std::io::Error::other("is a directory"));
            }
            Ok(m) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::FileTypeExt;
                    let t = m.file_type();
                    if t.is_char_device() || t.is_fifo() {
                        let f = std::fs::OpenOptions::new().write(true).open(&target)?;
                        return Ok(AtomicFile {
                            how: Target::Direct,
                            file: Some(std::io::BufWriter::new(f)),
                        });
                    }
                }
                let _ = m;
                return Err(std::io::Error::other(
                    "not a regular file, a character device or a FIFO: refusing to replace it",
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        remove_stale(&dir);
        let tmp = dir.join(temp_name());
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        Ok(AtomicFile {
            how: Target::Replace { target, tmp, mode },
            file: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Flushes, syncs and renames the file into place (or flushes a
    /// device).
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(w) = self.file.take() else {
            return Ok(());
        };
        let f = w.into_inner().map_err(|e| e.into_error())?;
        match &self.how {
            Target::Direct => Ok(()),
            Target::Replace { target, tmp, mode } => {
                let done = (|| {
                    if let Some(m) = mode {
                        f.set_permissions(m.clone())?;
                    }
                    f.sync_all()?;
                    std::fs::rename(tmp, target)
                })();
                if done.is_err() {
                    let _ = std::fs::remove_file(tmp);
                }
                done
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some()
            && let Target::Replace { tmp, .. } = &self.how
        {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn links_modes_and_long_names_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        write_atomic(&real, b"one").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"two").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"two");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        // A name of 250 bytes: legal, and the temporary name is shorter.
        let long = dir.path().join("r".repeat(250));
        write_atomic(&long, b"x").unwrap();
        assert_eq!(std::fs::read(&long).unwrap(), b"x");
        // A directory is refused, and left alone.
        assert!(write_atomic(dir.path(), b"x").is_err());
        // /dev/null is written straight through, never replaced (checked
        // without writing: the file is dropped uncommitted).
        let f = AtomicFile::create(Path::new("/dev/null")).unwrap();
        assert!(matches!(f.how, Target::Direct));
    }

    #[cfg(unix)]
    #[test]
    fn temporary_files_of_dead_processes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has a PID this large (Linux caps them at 2^22).
        let stale = dir.path().join(".hudna-4294967-0.tmp");
        std::fs::write(&stale, b"half").unwrap();
        let mine = dir
            .path()
            .join(format!(".hudna-{}-999.tmp", std::process::id()));
        std::fs::write(&mine, b"in use").unwrap();
        write_atomic(&dir.path().join("out.json"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(mine.exists(), "this process's own files are left alone");
    }

    #[test]
    fn a_stream_appears_only_on_commit_and_vanishes_if_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("errors.jsonl");
        write_atomic(&p, b"old").unwrap();
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        drop(f);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
