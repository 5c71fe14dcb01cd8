/** "us03" from https://api-us03.central.sophos.com; the host itself when it has no region in its name. */
export function regionName(dataRegionUrl: string): string {
  try {
    const match = /^api-([a-z0-9]+)\./.exec(new URL(dataRegionUrl).hostname);
    return match?.[1] ?? new URL(dataRegionUrl).host;
  } catch {
    return dataRegionUrl;
  }
}
