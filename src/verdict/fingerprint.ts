import { createHash } from 'node:crypto';
import stringify from 'json-stable-stringify';
import type { RawFinding } from '../types.js';

/**
 * Stable identity of a finding across runs: rule, file, subject and its key evidence.
 * Line numbers are left out on purpose, so moving a model within the file keeps its
 * waivers and baseline entries.
 */
export function fingerprintOf(finding: RawFinding): string {
  const identity = [finding.rule, finding.location.file, finding.subject.kind, finding.subject.id, finding.key ?? ''];
  return createHash('sha256').update(stringify(identity) ?? '').digest('hex');
}
