import stringify from 'json-stable-stringify';
import type { Report } from '../types.js';

/**
 * The report contract's canonical serialization: keys sorted at every level, two-space
 * indentation, one trailing newline. Same inputs, policy, data, config and --now give
 * byte-identical output, which is what makes reports diffable and signable.
 */
export function renderJson(report: Report): string {
  return `${stringify(report, { space: 2 }) ?? 'null'}\n`;
}
