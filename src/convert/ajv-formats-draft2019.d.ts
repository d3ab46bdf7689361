// Types for ajv-formats-draft2019 (a peer of @cyclonedx/cyclonedx-library), which ships none.
declare module 'ajv-formats-draft2019' {
  import type { Ajv } from 'ajv';
  export default function addDraft2019Formats<T extends Ajv>(ajv: T, options?: { formats?: string[] }): T;
}
