/** The outline of the Celery "Security" page, as its Word file and its PDF (both made from it) must give it. */
export const SECURITY_OUTLINE = [
  '# Security',
  '## Introduction',
  '## Areas of Concern',
  '### Broker',
  '### Client',
  '### Worker',
  '## Serializers',
  '## Message Signing',
  '## Intrusion Detection',
  '### Logs',
  '### Tripwire',
];
