/** Blanks every secret out of `message`, whatever a provider or a proxy in between echoes back. */
export const scrubSecrets = (message: string, secrets: (string | undefined)[]): string =>
  secrets.reduce<string>((result, secret) => (secret && secret.length >= 4 ? result.split(secret).join('[redacted]') : result), message)
