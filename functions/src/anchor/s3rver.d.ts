/** The part of s3rver (a local S3 emulator, tests only) that the tests use; it ships no types. */
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { port: number; address: string; directory: string; silent?: boolean });
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  }
}
