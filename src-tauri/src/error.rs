//! What a command returns on failure: `{code, message}`, so the UI can show a readable message
//! and scripts or tests can match on a stable code.

use factdesk_core::app::api::ErrorCode;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[ts(export, rename = "IpcError")]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<factdesk_core::CoreError> for IpcError {
    fn from(e: factdesk_core::CoreError) -> Self {
        IpcError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl IpcError {
    pub fn internal(message: impl Into<String>) -> Self {
        IpcError {
            code: ErrorCode::Internal,
            message: message.into(),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
