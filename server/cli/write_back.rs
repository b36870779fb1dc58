//! `check --fix` writing a draft back: all or nothing. The new text goes to a temporary file in
//! the draft's own folder (so the rename stays on one file system), is flushed to disk, and
//! replaces the draft by a rename, so a crash or a full disk leaves the old draft or the new one,
//! never half of each. The draft keeps its permissions; a symlink keeps pointing at the draft
//! (the file it names is replaced, not the link); a draft that changed since it was read is left
//! alone.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Replaces the file at `path`, whose text was `original` when it was read, with `new_text`.
/// The error says why the file was left as it is; the file is then unchanged.
pub fn replace(path: &Path, original: &str, new_text: &str) -> Result<(), String> {
    // Through symlinks to the file itself: the link stays a link.
    let target = fs::canonicalize(path).map_err(|e| format!("cannot find it again: {e}"))?;
    let before = fs::metadata(&target).map_err(|e| format!("cannot read its metadata: {e}"))?;
    refuse_unsafe_targets(&target, &before)?;
    let on_disk = fs::read(&target).map_err(|e| format!("cannot read it again: {e}"))?;
    if on_disk != original.as_bytes() {
        return Err(changed_meanwhile());
    }
    let folder = target.parent().unwrap_or(Path::new("."));
    let (temp_path, mut temp) = create_temp(folder, &target)?;
    let written = (|| {
        temp.write_all(new_text.as_bytes())?;
        temp.set_permissions(before.permissions())?;
        keep_owner(&temp, &before);
        temp.sync_all()
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&temp_path);
        return Err(format!("cannot write the fixed text next to it: {e}"));
    }
    drop(temp);
    // The last look before the rename: someone may have saved the draft while it was fixed.
    let unchanged = fs::metadata(&target).is_ok_and(|now| same_version(&before, &now));
    if !unchanged {
        let _ = fs::remove_file(&temp_path);
        return Err(changed_meanwhile());
    }
    if let Err(e) = fs::rename(&temp_path, &target) {
        let _ = fs::remove_file(&temp_path);
        return Err(format!("cannot replace it: {e}"));
    }
    // The rename itself is durable once the folder is flushed; not all systems allow it.
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn changed_meanwhile() -> String {
    "changed on disk while it was being fixed; left as it is (run the fix again)".into()
}

/// A read-only draft is one its owner chose to protect (the rename would get round the mode, as
/// it would for root); a draft with hard links would be split from its other names.
fn refuse_unsafe_targets(target: &Path, meta: &fs::Metadata) -> Result<(), String> {
    if !meta.is_file() {
        return Err("not a regular file; not rewritten".into());
    }
    if meta.permissions().readonly() {
        return Err("is read-only; not rewritten (make it writable to fix it)".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "has {} hard links; replacing it would split them, so it was not rewritten",
                meta.nlink()
            ));
        }
        let c = std::ffi::CString::new(target.as_os_str().as_encoded_bytes())
            .map_err(|_| "its name holds a NUL byte; not rewritten".to_string())?;
        // SAFETY: a valid NUL-terminated path; access only reads the file's permissions.
        if unsafe { libc::access(c.as_ptr(), libc::W_OK) } != 0 {
            return Err(format!(
                "is not writable: {}; not rewritten",
                std::io::Error::last_os_error()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = target;
    Ok(())
}

/// A new file beside `target`, named after it and hidden, that no one else has open.
fn create_temp(folder: &Path, target: &Path) -> Result<(PathBuf, File), String> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last_error = None;
    for attempt in 0..100u32 {
        let temp = folder.join(format!(
            ".{name}.sendwell-fix-{}-{attempt}.tmp",
            std::process::id()
        ));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(format!("cannot write in its folder: {e}; not rewritten")),
        }
    }
    Err(format!(
        "cannot create a temporary file in its folder: {}",
        last_error.map_or_else(String::new, |e| e.to_string())
    ))
}

/// The draft's owner and group stay its own when root fixes it; elsewhere this may fail, and the
/// new file then belongs to whoever ran the fix, as with any editor's save.
fn keep_owner(file: &File, meta: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    }
    #[cfg(not(unix))]
    let _ = (file, meta);
}

fn same_version(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    let mtime = |m: &fs::Metadata| m.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    #[cfg(unix)]
    let same_file = {
        use std::os::unix::fs::MetadataExt;
        (a.dev(), a.ino()) == (b.dev(), b.ino())
    };
    #[cfg(not(unix))]
    let same_file = true;
    same_file && a.len() == b.len() && mtime(a) == mtime(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::walk::tempdir;

    #[test]
    fn a_draft_changed_since_it_was_read_is_left_alone_and_no_temp_file_remains() {
        let dir = tempdir::Dir::new();
        let path = dir.path().join("d.md");
        fs::write(&path, "saved by the writer").unwrap();
        let err = replace(&path, "what check read", "fixed").unwrap_err();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "saved by the writer");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_a_link_to_the_fixed_file() {
        let dir = tempdir::Dir::new();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        replace(&link, "old", "new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_draft_is_not_split() {
        let dir = tempdir::Dir::new();
        let a = dir.path().join("a.md");
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, dir.path().join("b.md")).unwrap();
        let err = replace(&a, "old", "new").unwrap_err();
        assert!(err.contains("hard links"), "{err}");
        assert_eq!(fs::read_to_string(&a).unwrap(), "old");
    }
}
