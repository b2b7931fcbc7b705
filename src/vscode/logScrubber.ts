import { redactSecrets } from '../core/errors';

/** Cleans log lines: anything shaped like a key, and every key value it was told about. */
export class LogScrubber {
  private readonly secrets = new Set<string>();

  /** A value (an API key) that must never appear in a log line. Short values are ignored (too common). */
  forget(secret: string | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  scrub(message: string): string {
    let text = redactSecrets(message);
    for (const secret of this.secrets) text = text.split(secret).join('[redacted]');
    return text;
  }
}
