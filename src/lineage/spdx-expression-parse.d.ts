// Types for spdx-expression-parse 5 (ships none). It throws on anything that is not a valid
// SPDX license expression; LicenseRef-* and DocumentRef-*:LicenseRef-* are valid.
declare module 'spdx-expression-parse' {
  export interface SpdxLicenseNode {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface SpdxConjunctionNode {
    left: SpdxNode;
    conjunction: 'and' | 'or';
    right: SpdxNode;
  }
  export type SpdxNode = SpdxLicenseNode | SpdxConjunctionNode;
  export default function parse(expression: string): SpdxNode;
}
