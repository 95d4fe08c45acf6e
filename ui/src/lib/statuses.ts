// The default statuses, for the library screen before any article is open. The review screen
// always uses the library's own list (which includes the user's statuses).
import type { StatusDef } from "./bindings/StatusDef";

export const StatusDefaults: StatusDef[] = [
  { key: "unchecked", label: "Unchecked", colour: "#6e7781", mark: "○", rating: null, builtin: true },
  { key: "verified", label: "Verified", colour: "#1a7f37", mark: "✓", rating: 5, builtin: true },
  { key: "disputed", label: "Disputed", colour: "#9a6700", mark: "!", rating: 2, builtin: true },
  { key: "false", label: "False", colour: "#cf222e", mark: "✗", rating: 1, builtin: true },
  { key: "unverifiable", label: "Unverifiable", colour: "#8250df", mark: "?", rating: 3, builtin: true },
];
