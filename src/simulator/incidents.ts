/**
 * The tenant's Microsoft Defender XDR incidents (from the seed's `incidents`) and the comments
 * apps added to them, in order, so tests can read what landed on an incident's timeline.
 */
import type { SeedIncident } from './incident-seed';

/** One comment as Graph v1.0 answers it (`microsoft.graph.security.alertComment`). */
export interface IncidentComment {
  /** The comment text. */
  readonly comment: string;
  /** Who added it: the calling app's name. */
  readonly createdByDisplayName: string;
  /** When it was added, ISO. */
  readonly createdDateTime: string;
}

/** See the module comment. */
export class SecurityIncidents {
  /** The comments of each incident, by incident id (ids are digits: case does not arise). */
  private readonly comments = new Map<string, IncidentComment[]>();

  /** @param incidents - The seed's incidents (none by default). */
  public constructor(incidents: readonly SeedIncident[] = []) {
    for (const incident of incidents) this.comments.set(incident.id, []);
  }

  /** A copy of the incident's comments, oldest first; `undefined` for an unknown incident. */
  public commentsOf(incidentId: string): readonly IncidentComment[] | undefined {
    const comments = this.comments.get(incidentId);
    return comments && [...comments];
  }

  /**
   * Appends a comment and answers every comment of the incident, oldest first.
   *
   * @throws Error for an unknown incident (the route checks first).
   */
  public add(incidentId: string, comment: IncidentComment): readonly IncidentComment[] {
    const comments = this.comments.get(incidentId);
    if (!comments) throw new Error(`No incident '${incidentId}' in the seed.`);
    comments.push(comment);
    return [...comments];
  }
}
