// The secrets the committed webhook message pacts' example signatures are computed with. Test
// fixtures only: the consumer tests sign and verify in process. No server uses them: live worlds,
// `gauntlet core` and `gauntlet sim` make fresh secrets each run (harness/live/secrets.ts), and the
// provider verification registers its own fresh endpoint secrets. Changing them rewrites the pacts.
export const PACT_STRIPE_WEBHOOK_SECRET = 'whsec_gauntlet_local_test_only';
export const PACT_ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
