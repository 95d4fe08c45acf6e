// The one door to the backend: every command goes through `call`, which turns whatever the
// backend or Tauri throws into a CommandError with a stable code and a readable message.
import { invoke } from "@tauri-apps/api/core";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { IpcError } from "./bindings/IpcError";

/** A failed command: `code` is the core's `ErrorCode` (generated from Rust), never a free string. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function toCommandError(e: unknown): CommandError {
  if (e instanceof CommandError) return e;
  if (isIpcError(e)) return new CommandError(e.code, String(e.message));
  if (e instanceof Error) return new CommandError("internal", e.message);
  return new CommandError("internal", String(e));
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toCommandError(e);
  }
}
