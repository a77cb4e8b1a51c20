/**
 * The Bot Framework adapter behind the front door. One inbound activity is authenticated, then
 * checked for shape, then run, and answered the same way whatever goes wrong: a bare 401 for
 * any failed authentication (botbuilder answers some with 500 and echoes its reason), a generic
 * 400 for an activity of the wrong shape (no turn runs, nothing is created), a generic 500 if
 * the turn itself fails. Reasons go to the structured log, rate limited and without stacks.
 *
 * botbuilder's `CloudAdapter.process` is not used for HTTP: before authenticating it answers a
 * body that is not an object with a 400 naming its middleware, throws on a missing `type`
 * (restify then answered 500 with botbuilder's message), prints stacks with `console.error`
 * and answers any other failure with the exception's message. {@link LockdownAdapter.handle}
 * replaces it; `processActivity`, which botbuilder's own entry points call with an auth
 * header, goes through `handle` too.
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
import { clip, errorSummary } from '../http/log-fields';
import { type RefusalDetails, RefusalLog } from '../http/refusal-log';
import { checkActivityShape } from './activity-shape';

/** The turn to run for an accepted activity. */
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** One activity as it arrived over HTTP. */
export interface InboundActivity {
  /** The body, parsed as a JSON object and not yet trusted in any way. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The Authorization header ('' when absent). */
  readonly authorization: string;
  /** Where it came from, for refusal log lines (method, path, address). */
  readonly origin?: RefusalDetails;
}

/** {@link TeamsAdapter} with uniform, quiet refusals and a shape check before every turn. */
export class LockdownAdapter extends TeamsAdapter {
  /** Where refused requests are logged; the HTTP front door shares it, and its rate limit. */
  readonly refusals: RefusalLog;

  constructor(
    settings: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly logger: Logger,
    refusals?: RefusalLog,
  ) {
    super(settings);
    this.refusals = refusals ?? new RefusalLog(logger);
  }

  /**
   * Runs one activity that arrived over HTTP: authenticates it, checks its shape, runs `logic`.
   * Never throws; resolves with the status and body to answer.
   */
  async handle(inbound: InboundActivity, logic: TurnLogic): Promise<InvokeResponse> {
    const { body, authorization, origin } = inbound;
    const authenticated = await this.authenticate(
      body as unknown as Activity,
      authorization,
      origin,
    );
    if (!authenticated) return { status: 401, body: 'Unauthorized' };
    const shape = checkActivityShape(body);
    if (!shape.ok) {
      this.refusals.refuse('not a Teams activity', {
        status: 400,
        ...origin,
        problems: shape.problems.join('; '),
        type: clip(body.type, 64),
      });
      return { status: 400, body: { error: 'Bad request' } };
    }
    try {
      return (await super.processActivity(authenticated, shape.activity, logic)) ?? { status: 200 };
    } catch (error) {
      // The turn's own error handler failed too (e.g. Teams was unreachable for the error card).
      this.logger.error({ error: errorSummary(error) }, 'turn failed');
      return { status: 500, body: { error: 'Internal error' } };
    }
  }

  protected override async processActivity(
    authHeaderOrResult: string | AuthenticateRequestResult,
    activity: Activity,
    logic: TurnLogic,
  ): Promise<InvokeResponse | undefined> {
    if (typeof authHeaderOrResult !== 'string') {
      return super.processActivity(authHeaderOrResult, activity, logic);
    }
    const body = activity as unknown as Record<string, unknown>;
    return this.handle({ body, authorization: authHeaderOrResult }, logic);
  }

  /** The authentication result, or `undefined` after logging why it failed. */
  private async authenticate(
    activity: Activity,
    authorization: string,
    origin?: RefusalDetails,
  ): Promise<AuthenticateRequestResult | undefined> {
    try {
      return await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    } catch (error) {
      // Not thrown on: botbuilder would print the error's stack and answer with its message.
      this.refusals.refuse('authentication failed', {
        status: 401,
        ...origin,
        reason: clip(error instanceof Error ? error.message : error, 300),
        serviceUrl: clip(activity.serviceUrl, 200),
        type: clip(activity.type, 64),
      });
      return undefined;
    }
  }
}
