// Types for scripts/electron-sandbox.js (plain JS so that `npm start` runs it without a build).
export declare const USERNS_RESTRICTION: string;
export declare function exitCodeFor(code: number | null, signal: NodeJS.Signals | null): number;
export interface SandboxIo {
  readonly platform: string;
  readonly electronDir: string;
  /** The Electron executable, for the AppArmor profile (default: electronDir/electron). */
  readonly binary?: string;
  readText(path: string): string | null;
  stat(path: string): { readonly uid: number; readonly mode: number } | null;
}
export interface SandboxCheck {
  readonly restricted: boolean;
  readonly helper: string;
  readonly helperReady: boolean;
  readonly advice: string | null;
}
export declare function linuxSandboxCheck(io: SandboxIo): SandboxCheck;
export declare function sandboxAdvice(helper: string, binary?: string): string;
export declare const NO_SANDBOX_WARNING: string;
