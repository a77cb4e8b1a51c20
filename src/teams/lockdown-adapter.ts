/**
 * The Bot Framework adapter, answering every failed authentication the same way: 401 with no
 * detail. botbuilder answers some token errors (a bad signature) with 500, echoes every reason
 * to the caller and prints a stack trace; here an attacker learns nothing, and the reason goes
 * to our structured log.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type {
  Activity,
  ConfigurationBotFrameworkAuthenticationOptions,
  InvokeResponse,
  TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Logger } from 'pino';

/** {@link TeamsAdapter} with uniform, quiet authentication failures. */
export class LockdownAdapter extends TeamsAdapter {
  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly logger: Logger,
  ) {
    super(settings);
  }

  protected override async processActivity(
    authHeaderOrResult: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof authHeaderOrResult !== 'string') {
      return super.processActivity(authHeaderOrResult, activity, logic);
    }
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(
        activity,
        authHeaderOrResult,
      );
    } catch (error) {
      this.logger.warn(
        {
          reason: error instanceof Error ? error.message : String(error),
          serviceUrl: activity.serviceUrl,
          type: activity.type,
        },
        'request refused: authentication failed',
      );
      // Answered as a response, not thrown: botbuilder would print the error's stack to stderr.
      return { status: 401, body: 'Unauthorized' };
    }
    return super.processActivity(authenticated, activity, logic);
  }
}
