//! What a command returns on failure: `{code, message}`, so the UI can show a readable message
//! and scripts or tests can match on a stable code.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[ts(export, rename = "IpcError")]
#[error("{message}")]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl From<factdesk_core::CoreError> for IpcError {
    fn from(e: factdesk_core::CoreError) -> Self {
        IpcError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            code: "internal".into(),
            message: message.into(),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
