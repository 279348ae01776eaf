/** Types of scripts/serve-static.mjs (imported by the e2e tests). */
export interface StaticServer {
  /** The served folder's URL, ending in a slash. */
  url: string;
  close(): Promise<void>;
}

export function serveStatic(options: {
  root: string;
  port: number;
  base?: string;
  host?: string;
}): Promise<StaticServer>;
