/** What went wrong with an artifact. */
export type ArtifactErrorCode = 'NOT_FOUND' | 'NOT_AN_ARTIFACT' | 'NEWER_FORMAT' | 'CHECKSUM_MISMATCH' | 'MISSING_FILE' | 'BAD_FILE' | 'EXISTS';

/** An artifact that cannot be written or read, with the file at fault and what to do. */
export class ArtifactError extends Error {
  readonly code: ArtifactErrorCode;
  readonly file?: string;
  constructor(code: ArtifactErrorCode, message: string, file?: string) {
    super(message);
    this.name = 'ArtifactError';
    this.code = code;
    this.file = file;
  }
}
