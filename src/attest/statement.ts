// The in-toto Statement v1 that carries a report: the AIBOM files are its subjects and the
// report itself is the predicate, so one signature binds inputs, policy, catalog and verdict.

import stringify from 'json-stable-stringify';
import type { Report } from '../types.js';

/** Stable URI of this project's report predicate (design contract). */
export const PREDICATE_TYPE = 'https://aibom-guard.dev/attestation/report/v1';
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** DSSE payload type of an in-toto statement. */
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface StatementSubject {
  name: string;
  digest: { sha256: string };
}

export interface InTotoStatement {
  _type: typeof STATEMENT_TYPE;
  subject: StatementSubject[];
  predicateType: string;
  predicate: Report;
}

/** A file whose digest becomes a subject; `file` is the POSIX path relative to the repository root. */
export interface SubjectFile {
  file: string;
  sha256: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class StatementError extends Error {
  override name = 'StatementError';
}

/**
 * Builds the statement. Every subject must be one of the report's inputs with the same
 * digest, and every input must be a subject: a statement whose subjects and predicate
 * disagree would let an auditor match a file the report never judged.
 */
export function buildStatement(report: Report, subjects: SubjectFile[]): InTotoStatement {
  if (subjects.length === 0) {
    throw new StatementError('cannot attest a report with no input files: an in-toto statement needs at least one subject');
  }
  const byName = new Map<string, string>();
  for (const s of subjects) {
    const digest = s.sha256.toLowerCase();
    if (!SHA256_HEX.test(digest)) {
      throw new StatementError(`subject ${s.file}: sha256 must be 64 hex digits, got ${JSON.stringify(s.sha256)}`);
    }
    if (byName.has(s.file)) throw new StatementError(`subject ${s.file} is listed twice`);
    byName.set(s.file, digest);
  }
  const inputs = new Map(report.inputs.map((i) => [i.file, i.sha256.toLowerCase()]));
  for (const [file, digest] of byName) {
    const inReport = inputs.get(file);
    if (inReport === undefined) {
      throw new StatementError(`subject ${file} is not an input of the report`);
    }
    if (inReport !== digest) {
      throw new StatementError(`subject ${file} has sha256 ${digest} but the report recorded ${inReport}`);
    }
  }
  for (const file of inputs.keys()) {
    if (!byName.has(file)) throw new StatementError(`report input ${file} is missing from the subjects`);
  }
  const subject = [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, sha256]) => ({ name, digest: { sha256 } }));
  return { _type: STATEMENT_TYPE, subject, predicateType: PREDICATE_TYPE, predicate: report };
}

/** The subjects a report's inputs give, for callers that sign exactly what the report judged. */
export function subjectsOfReport(report: Report): SubjectFile[] {
  return report.inputs.map((i) => ({ file: i.file, sha256: i.sha256 }));
}

/** Canonical JSON (sorted keys, no whitespace): the same statement always gives the same payload bytes. */
export function serializeStatement(statement: InTotoStatement): Buffer {
  const text = stringify(statement);
  if (text === undefined) throw new StatementError('statement is not serializable');
  return Buffer.from(text, 'utf8');
}
