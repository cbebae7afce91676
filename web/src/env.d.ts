/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The API's origin when the web is served from elsewhere (CloudFront in front of S3); empty: same origin. */
  readonly VITE_API_BASE?: string;
}
