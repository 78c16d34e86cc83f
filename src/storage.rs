//! Where Qari keeps the user's files, and how it writes them without ever losing one:
//! atomic replacement (temp file, fsync, rename), and unreadable files moved aside as
//! backups instead of being overwritten.

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

/// Replace `path` with `contents` atomically: a crash at any moment leaves either the old
/// file or the new one, whole.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
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
