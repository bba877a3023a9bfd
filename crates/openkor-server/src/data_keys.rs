//! The data key files: where the key that seals personal data and server secrets at rest
//! comes from (`openkor_store::sealing`). A key file holds one key as 64 hexadecimal digits.
//!
//! The server reads `--data-key-file` (and `--previous-data-key-file` while rotating). Without
//! one, a SQLite database's key file is the file next to it (`openkor.db` → `openkor.key`),
//! made on the first start so that the quick start needs no step, but never made for a database
//! that already holds sealed values (that would only hide the missing key). PostgreSQL, which
//! several processes share, needs the file given, the same for every process.

use crate::config::DatabaseConfig;
use openkor_store::StoreError;
use openkor_store::db::Backend;
use openkor_store::sealing::{DataKey, DataKeys, KeyId, SealError};
use openkor_store::sql_store::SqlStore;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why no data key could be had.
#[derive(Debug, thiserror::Error)]
pub enum DataKeyError {
    /// The key file could not be read.
    #[error("cannot read the data key file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The key file does not hold a key.
    #[error("the data key file {} does not hold a data key: {source}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// Why.
        source: SealError,
    },
    /// The key file could not be made (it exists already, or the directory is not writable).
    #[error("cannot create the data key file {}: {source}", path.display())]
    Create {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// PostgreSQL without a key file.
    #[error(
        "no data key file: on PostgreSQL give one (--data-key-file or OPENKOR_DATA_KEY_FILE), \
         the same file to every process on the database; make it with \
         `openkor data-keys create --file PATH`"
    )]
    NotConfigured,
    /// The default key file is gone but the database holds values sealed under a key.
    #[error(
        "the database holds values sealed under data key {found}, but {} does not exist: give \
         the key file they were sealed with (--data-key-file or OPENKOR_DATA_KEY_FILE)",
        path.display()
    )]
    Missing {
        /// The default key file.
        path: PathBuf,
        /// The key the database's values name.
        found: KeyId,
    },
    /// The keys cannot be used together, or no randomness for a new one.
    #[error("data keys: {0}")]
    Keys(#[from] SealError),
    /// The database could not be asked which key it holds values under.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The key file SQLite uses when none is given: the database's path with the extension `.key`;
/// none for PostgreSQL.
pub fn default_key_file(database_url: &str) -> Option<PathBuf> {
    if !database_url.starts_with("sqlite:") {
        return None;
    }
    openkor_store_sqlite::database_path(database_url)
        .ok()
        .map(|path| path.with_extension("key"))
}

/// The key in the file at `path`.
pub fn read_key_file(path: &Path) -> Result<DataKey, DataKeyError> {
    let text = std::fs::read_to_string(path).map_err(|source| DataKeyError::Read {
        path: path.to_owned(),
        source,
    })?;
    warn_when_others_may_read(path);
    DataKey::from_hex(&text).map_err(|source| DataKeyError::Format {
        path: path.to_owned(),
        source,
    })
}

/// Makes a key file holding a new random key, readable and writable by its owner only. Never
/// replaces a file.
pub fn create_key_file(path: &Path) -> Result<DataKey, DataKeyError> {
    let (key, hex) = DataKey::generate()?;
    let created = private_file(path).and_then(|mut file| {
        file.write_all(format!("{hex}\n").as_bytes())?;
        file.sync_all()
    });
    created.map_err(|source| DataKeyError::Create {
        path: path.to_owned(),
        source,
    })?;
    Ok(key)
}

/// The keys `store`'s values are sealed under, by `config`: see the module's documentation.
pub async fn keys_for<B: Backend>(
    config: &DatabaseConfig,
    store: &SqlStore<B>,
) -> Result<DataKeys, DataKeyError> {
    let primary = match (&config.data_key_file, default_key_file(&config.url)) {
        (Some(path), _) => read_key_file(path)?,
        (None, Some(path)) if path.exists() => read_key_file(&path)?,
        (None, Some(path)) => match store.a_sealing_key().await? {
            Some(found) => return Err(DataKeyError::Missing { path, found }),
            None => {
                let key = create_key_file(&path)?;
                tracing::warn!(
                    file = %path.display(),
                    key_id = %key.id(),
                    "created the data key file: personal data and server secrets are sealed under \
                     it; keep it, and a copy, apart from the database's backups: without it they \
                     cannot be read"
                );
                key
            }
        },
        (None, None) => return Err(DataKeyError::NotConfigured),
    };
    let previous = config
        .previous_data_key_file
        .as_deref()
        .map(read_key_file)
        .transpose()?;
    Ok(DataKeys::new(primary, previous)?)
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(unix)]
fn warn_when_others_may_read(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map_or(0, |metadata| metadata.permissions().mode());
    if mode & 0o077 != 0 {
        tracing::warn!(
            file = %path.display(),
            "other users may read the data key file; make it readable by its owner only (chmod 600)"
        );
    }
}

#[cfg(not(unix))]
fn warn_when_others_may_read(_path: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_keeps_its_key_next_to_the_database_and_postgres_has_no_default() {
        assert_eq!(
            default_key_file("sqlite://openkor.db"),
            Some(PathBuf::from("openkor.key"))
        );
        assert_eq!(
            default_key_file("sqlite:///var/lib/openkor/prod.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/openkor/prod.key"))
        );
        assert_eq!(default_key_file("postgres://u@h/db"), None);
    }

    #[test]
    fn a_created_key_file_is_private_reads_back_and_is_never_replaced() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("data.key");
        let key = create_key_file(&path).expect("created");
        assert_eq!(read_key_file(&path).expect("read").id(), key.id());
        assert!(matches!(
            create_key_file(&path),
            Err(DataKeyError::Create { .. })
        ));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_file_without_a_key_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("data.key");
        std::fs::write(&path, "not a key").expect("written");
        let refused = read_key_file(&path).expect_err("refused");
        assert!(refused.to_string().contains("data.key"), "{refused}");
    }
}
