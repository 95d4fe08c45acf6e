// Where an export goes. Never beside the article's file without asking: that is often a shared,
// synced or read-only folder. The first export asks (the native Save dialog, starting in the
// user's documents folder); later ones start in the folder the last export went to.

const FOLDER_KEY = "factdesk.exportFolder";

/** The export's file name: the article's file name, `.checked`, the format's extension. */
export function exportName(articlePath: string, ext: string): string {
  const file = articlePath.split(/[\\/]/).pop() || "article";
  const stem = file.replace(/\.[^.]+$/, "") || "article";
  return `${stem}.checked.${ext}`;
}

/** The folder of `path` (empty for a bare name). */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i > 0 ? path.slice(0, i) : i === 0 ? path.slice(0, 1) : "";
}

/** `name` in `folder`, with the folder's own separator. */
export function inFolder(folder: string, name: string): string {
  const sep = folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
  return folder.endsWith(sep) ? folder + name : `${folder}${sep}${name}`;
}

type Store = Pick<Storage, "getItem" | "setItem">;

function storage(): Store | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The folder the last export went to, if any. */
export function lastFolder(store: Store | null = storage()): string | null {
  return store?.getItem(FOLDER_KEY) || null;
}

export function rememberFolder(written: string, store: Store | null = storage()): void {
  const folder = folderOf(written);
  if (folder) store?.setItem(FOLDER_KEY, folder);
}

/** The path the Export dialog proposes: in the last folder used, or none (then it asks). */
export function proposedPath(articlePath: string, ext: string, store: Store | null = storage()): string {
  const folder = lastFolder(store);
  return folder ? inFolder(folder, exportName(articlePath, ext)) : "";
}
