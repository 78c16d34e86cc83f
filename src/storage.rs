//! Where Qari keeps the user's files, and how it reads and writes them without ever
//! hanging or losing one: reads only of regular files and only up to a limit, atomic
//! replacement (temp file, fsync, rename) that writes through symbolic links, and unreadable
//! files moved aside as backups instead of being overwritten.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The user's data directory (e.g. ~/.local/share/qari), or `$QARI_DATA_DIR` when set
/// (tests and portable installs).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("QARI_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "qari").map(|d| d.data_dir().to_path_buf())
}

/// The user's own glossary, in the data directory.
pub const GLOSSARY_FILE: &str = "glossary.ron";
/// The directory of notes files, one per article, in the data directory.
pub const NOTES_DIR: &str = "notes";

/// The user's own glossary file.
pub fn user_glossary_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(GLOSSARY_FILE))
}

/// Why a file was not read by [`read_limited`].
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file: reading a FIFO would wait forever, a device (`/dev/zero`) would
    /// never end. Holds what it is ("a FIFO").
    NotAFile(&'static str),
    /// More than the limit: the file was not read past it. `size` is what the file says it
    /// holds, or `limit + 1` if it grew past the limit while it was read.
    TooLarge {
        limit: u64,
        size: u64,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(error) => write!(f, "{error}"),
            ReadError::NotAFile(what) => write!(f, "it is {what}, not a file"),
            ReadError::TooLarge { limit, .. } => {
                write!(f, "it is larger than {}", human_size(*limit))
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// "100 MB", "64 KB", "12 bytes": a size for messages (1 MB = 1,048,576 bytes).
pub fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    match bytes {
        b if b >= MB => format!("{} MB", b / MB),
        b if b >= 1024 => format!("{} KB", b / 1024),
        b => format!("{b} bytes"),
    }
}

/// What a file that is not a regular one is, for messages.
fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// The bytes of the regular file at `path` (symbolic links followed), if it holds at most
/// `limit` bytes. Never opens anything else — opening a FIFO blocks until a writer comes —
/// and never reads more than `limit + 1` bytes, whatever the file's size claims.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let metadata = fs::metadata(path).map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile(kind_of(metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: metadata.len(),
        });
    }
    let file = File::open(path).map_err(ReadError::Io)?;
    // The path may have been swapped for something else since it was looked at.
    let opened = file.metadata().map_err(ReadError::Io)?;
    if !opened.is_file() {
        return Err(ReadError::NotAFile(kind_of(opened.file_type())));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Where a write to `path` must go: a symbolic link's target (so saving a linked file
/// updates the file and keeps the link), else `path` itself.
fn write_target(path: &Path) -> io::Result<PathBuf> {
    let mut target = path.to_path_buf();
    // A chain of links ends somewhere; a loop is an error, as the system would say.
    for _ in 0..40 {
        match fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&target)?;
                target = match target.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(io::Error::other(format!(
        "{} is a loop of symbolic links",
        path.display()
    )))
}

/// Replace `path` with `contents` atomically: a crash at any moment leaves either the old
/// file or the new one, whole. A symbolic link is followed: its target is replaced.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let path = &write_target(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    // Unique per process and call: two threads may save the same file at once.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(
        ".{}.{}-{n}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        // Make the rename itself durable.
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Remove the temp files of [`write_atomic`] calls that never finished (the process was
/// killed) and are older than `age`: they are never the only copy of anything.
pub fn remove_stale_temp_files(dir: &Path, age: std::time::Duration) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|e| e >= age));
        if name.starts_with('.') && name.ends_with(".tmp") && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Move an unreadable file aside (`name.corrupt-<unix time>`) so a fresh one can be
/// written without losing it. Returns where it went.
pub fn back_up_unreadable(path: &Path) -> io::Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut backup = path.with_extension(format!("ron.corrupt-{stamp}"));
    let mut n = 1;
    while backup.exists() {
        backup = path.with_extension(format!("ron.corrupt-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &backup)?;
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("g.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["g.ron"]);
    }

    #[test]
    fn reads_stop_at_the_limit_and_refuse_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "12345").unwrap();
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
        let err = read_limited(&path, 4).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge { limit: 4, size: 5 }),
            "{err}"
        );
        assert_eq!(err.to_string(), "it is larger than 4 bytes");
        let err = read_limited(dir.path(), 100).unwrap_err();
        assert_eq!(err.to_string(), "it is a folder, not a file");
        assert!(matches!(
            read_limited(&dir.path().join("missing"), 1),
            Err(ReadError::Io(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_at_once() {
        // /dev/zero never ends; a FIFO without a writer would block the open forever.
        let err = read_limited(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert_eq!(err.to_string(), "it is a device, not a file");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let err = read_limited(&fifo, 1 << 20).unwrap_err();
            assert!(err.to_string().contains("FIFO"), "{err}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn writes_go_through_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real").join("g.ron");
        fs::create_dir_all(real.parent().unwrap()).unwrap();
        fs::write(&real, "old").unwrap();
        let link = dir.path().join("g.ron");
        std::os::unix::fs::symlink("real/g.ron", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink(),
            "the link stays a link"
        );
        assert_eq!(fs::read(&real).unwrap(), b"new");
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(write_atomic(&looped, b"x").is_err());
    }

    #[test]
    fn only_old_temp_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".g.ron.1-0.tmp"), "half").unwrap();
        fs::write(dir.path().join("g.ron"), "whole").unwrap();
        remove_stale_temp_files(dir.path(), std::time::Duration::from_secs(60));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "too young");
        remove_stale_temp_files(dir.path(), std::time::Duration::ZERO);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["g.ron"]);
    }

    #[test]
    fn backups_never_clobber_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.ron");
        fs::write(&path, "broken 1").unwrap();
        let first = back_up_unreadable(&path).unwrap();
        fs::write(&path, "broken 2").unwrap();
        let second = back_up_unreadable(&path).unwrap();
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(first).unwrap(), "broken 1");
        assert_eq!(fs::read_to_string(second).unwrap(), "broken 2");
        assert!(!path.exists());
    }
}
