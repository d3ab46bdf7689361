// The bundler replaces __AIBOM_GUARD_VERSION__ with package.json's version; under vitest
// (unbundled) the fallback reads as a development build.
declare const __AIBOM_GUARD_VERSION__: string | undefined;

export const TOOL = {
  name: 'aibom-guard',
  version: typeof __AIBOM_GUARD_VERSION__ === 'string' ? __AIBOM_GUARD_VERSION__ : '0.0.0-dev',
} as const;
