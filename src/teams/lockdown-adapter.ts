/**
 * The Bot Framework adapter, answering every failed authentication the same way: 401 with no
 * detail. botbuilder answers some token errors (a bad signature) with 500 and echoes every
 * reason to the caller; an attacker learns nothing here, and the reason goes to our logs.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type {
  Activity,
  ConfigurationBotFrameworkAuthenticationOptions,
  InvokeResponse,
  TurnContext,
} from 'botbuilder';
import { type AuthenticateRequestResult, AuthenticationError } from 'botframework-connector';
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
      throw new AuthenticationError('Unauthorized', 401);
    }
    return super.processActivity(authenticated, activity, logic);
  }
}
