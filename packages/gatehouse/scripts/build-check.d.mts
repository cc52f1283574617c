export declare const FINGERPRINT_FILE: string
export declare function fingerprintSources(packageDir: string): { sha256: string; files: number }
export declare function describeBuildProblems(packageDir: string, builtDir?: string): string[]
