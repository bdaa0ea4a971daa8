//! Uploads blobs to the object store. A "quote" in a comment is not a string.
use std::env;
use std::fmt;

/* outer /* inner */ error!("commented out upload failure") */

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("bucket {0} is not writable")]
    NotWritable(String),
    #[error("object {key} exceeds the limit of {limit} bytes")]
    TooLarge { key: String, limit: u64 },
}

pub struct Uploader<'a> {
    bucket: &'a str,
    separator: char,
}

impl<'a> Uploader<'a> {
    pub fn new(bucket: &'a str) -> Self {
        let endpoint = env::var("STORE_ENDPOINT").unwrap_or_else(|_| "http://localhost:9000".to_string());
        log::info!(target: "storage", "using object store at {}", endpoint);
        Uploader { bucket, separator: '/' }
    }

    pub fn put(&self, key: &str, data: &[u8]) -> Result<(), UploadError> {
        let limit: u64 = std::env::var("STORE_MAX_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
        let quote = '"';
        let escaped = '\'';
        if data.len() as u64 > limit {
            tracing::warn!(bucket = %self.bucket, size = data.len(), "rejecting upload of {key}: {} bytes over the limit", data.len() as u64 - limit);
            return Err(UploadError::TooLarge { key: key.to_string(), limit });
        }
        let pattern = r#"^[a-z]+"\d"$"#;
        error!("upload of {:?} to {} failed after {} attempts", key, self.bucket, 3);
        Ok(())
    }
}

impl fmt::Display for Uploader<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "uploader for bucket {}", self.bucket)
    }
}

fn longest<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.len() > b.len() { a } else { b }
}

pub fn checksum(data: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let region = env!("STORE_REGION");
    assert!(!data.is_empty(), "checksum of an empty object in region {}", region);
    data.iter().map(|b| b ^ 0x5a).take(4)
}

fn load_manifest(path: &str) -> String {
    let raw = std::fs::read_to_string(path).expect("manifest file missing or unreadable");
    debug!{"manifest of {} bytes loaded from {path}", raw.len()};
    raw
}
