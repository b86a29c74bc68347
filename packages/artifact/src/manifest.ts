/** The artifact format this library writes; readers refuse newer ones. */
export const ARTIFACT_FORMAT_VERSION = 1;
/** Name of the manifest file inside an artifact directory. */
export const MANIFEST_FILE = 'manifest.json';

/** One file of the artifact, as listed in the manifest. */
export interface ManifestFile {
  /** Path relative to the artifact directory, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

/** `manifest.json`: what the artifact is, how it was made, and a checksum of every other file. */
export interface Manifest {
  format: 'twotower-artifact';
  formatVersion: number;
  /** ISO time of writing. */
  createdAt: string;
  /** Versions of the packages that wrote it, e.g. `{"@twotower/towers": "0.1.0"}`. */
  packages: Record<string, string>;
  /** The training configuration, as resolved (defaults filled in). */
  config: unknown;
  /** Data set name, size and fingerprint. */
  data: { name: string; fingerprint: string; [k: string]: unknown };
  /** Evaluation results (the same as metrics.json). */
  metrics?: unknown;
  /** Every file except the manifest itself. */
  files: ManifestFile[];
  /** Free-form extra fields (model dims, embedding files...). */
  [k: string]: unknown;
}
