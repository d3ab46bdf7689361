// One call for the check command and the GitHub Action: report + input files → signed bundle,
// or a visible "skipped" when keyless signing has no identity token and was not required.

import type { Report } from '../types.js';
import { identityTokenSource, resolveKeyless, type KeylessRequest } from './keyless.js';
import { keyHint, parsePrivateKey, signStatement, SigningError, type KeySignerOptions, type SerializedBundle } from './sign.js';
import { buildStatement, StatementError, type InTotoStatement, type SubjectFile } from './statement.js';
import { createPublicKey } from 'node:crypto';

export { buildStatement, PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE, subjectsOfReport } from './statement.js';
export type { InTotoStatement, StatementSubject, SubjectFile } from './statement.js';
export { keyFromEnvOrFile, signStatement, SigningError, SIGNING_KEY_ENV, SIGNING_KEY_PASSPHRASE_ENV } from './sign.js';
export type { KeylessSignerOptions, KeySignerOptions, SerializedBundle, SignerOptions, SigningErrorCode } from './sign.js';
export { verifyBundle } from './verify.js';
export type { SignerInfo, VerifiedTimestamp, VerifyFailureCode, VerifyOptions, VerifyResult } from './verify.js';
export { ENDPOINT_ENV, GITHUB_INSTANCE, PUBLIC_GOOD } from './keyless.js';
export type { Instance, KeylessRequest, Visibility } from './keyless.js';

export type SignReportOptions =
  | { mode: 'key'; key: KeySignerOptions }
  | ({
      mode: 'keyless';
      /**
       * True when the user asked for a signature (e.g. on the command line): any failure
       * throws SigningError (exit 2). False (the action's default): a missing token or a
       * failing service returns `skipped` with a warning, and the verdict is unchanged.
       */
      required: boolean;
    } & KeylessRequest);

export type SignReportResult =
  | { status: 'signed'; bundle: SerializedBundle; statement: InTotoStatement; signedWith: string }
  | { status: 'skipped'; warning: string };

/**
 * Builds the in-toto statement for the report and signs it. Throws SigningError when a
 * signature that was asked for cannot be made (the caller exits 2). Write the result with
 * `JSON.stringify(result.bundle)` to e.g. `report.sigstore.json`.
 */
export async function signReport(report: Report, subjects: SubjectFile[], options: SignReportOptions): Promise<SignReportResult> {
  let statement: InTotoStatement;
  try {
    statement = buildStatement(report, subjects);
  } catch (err) {
    if (err instanceof StatementError) throw new SigningError('SIGNING_FAILED', err.message);
    throw err;
  }

  if (options.mode === 'key') {
    const bundle = await signStatement(statement, options.key);
    const hint = keyHint(createPublicKey(parsePrivateKey(options.key.privateKeyPem, options.key.passphrase)));
    return { status: 'signed', bundle, statement, signedWith: `ECDSA P-256 key ${hint}` };
  }

  const source = identityTokenSource(options);
  if (!source) {
    const message =
      'keyless signing skipped: no OIDC identity token (in GitHub Actions the job needs `permissions: id-token: write`, which pull requests from forks do not get); the report is not signed and the verdict is unchanged';
    if (options.required) throw new SigningError('NO_IDENTITY_TOKEN', message.replace('keyless signing skipped: ', 'cannot sign: '));
    return { status: 'skipped', warning: message };
  }
  try {
    const token = await source();
    const resolved = resolveKeyless(options, token);
    const bundle = await signStatement(statement, resolved.options);
    return { status: 'signed', bundle, statement, signedWith: resolved.description };
  } catch (err) {
    const error = err instanceof SigningError ? err : new SigningError('SIGNING_FAILED', `signing failed: ${(err as Error).message}`);
    if (options.required) throw error;
    return { status: 'skipped', warning: `keyless signing skipped: ${error.message}; the report is not signed and the verdict is unchanged` };
  }
}
