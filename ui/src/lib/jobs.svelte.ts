// Long jobs (opening a file, exporting) with their progress, streamed from the backend over a
// Tauri channel. The window lists them while they run and stays usable meanwhile.
import { Channel } from "@tauri-apps/api/core";
import type { Progress } from "./bindings/Progress";
import type { Stage } from "./bindings/Stage";

export type JobKind = "open" | "export";
export type Job = { id: number; kind: JobKind; file: string; stage: Stage; done: number };

export const jobs: Job[] = $state([]);
let next = 1;

export const stageLabels: Record<Stage, string> = {
  reading: "Reading the file",
  parsing: "Parsing the text",
  analysing: "Finding sentences and claims",
  saving: "Saving to the library",
  preparing: "Preparing the export",
  writing: "Writing the file",
};

export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Applies one report to the job: stages only move forward, and so does the bar. */
export function advance(job: Job, p: Progress): void {
  if (p.done < job.done) return;
  job.stage = p.stage;
  job.done = Math.min(1, Math.max(0, p.done));
}

/** Runs `f` with a progress channel; the job is listed until `f` settles. */
export async function withProgress<T>(kind: JobKind, path: string, f: (progress: Channel<Progress>) => Promise<T>): Promise<T> {
  const id = next++;
  jobs.push({ id, kind, file: fileName(path), stage: kind === "open" ? "reading" : "preparing", done: 0 });
  const channel = new Channel<Progress>();
  channel.onmessage = (p) => {
    // For `make bench`: the backend's job is done; its answer is still to come.
    if (p.done >= 1) performance.mark(`factdesk:${kind}-done`);
    const job = jobs.find((j) => j.id === id);
    if (job) advance(job, p);
  };
  try {
    return await f(channel);
  } finally {
    const i = jobs.findIndex((j) => j.id === id);
    if (i >= 0) jobs.splice(i, 1);
  }
}
