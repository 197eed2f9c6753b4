// A minimal Node.js client of Pinecone's backup API, written from spec/README.md
// and spec/openapi.yaml alone, as a second consumer of the conformance contract.
// No dependencies: Node >= 18 (global fetch, node:test, AbortSignal.timeout); tested on 20.

/** The X-Pinecone-Api-Version this client pins: spec/openapi.yaml's info.version. */
export const API_VERSION = "2025-10";
export const DEFAULT_BASE_URL = "https://api.pinecone.io";
export const MIN_PAGE_SIZE = 1;
export const MAX_PAGE_SIZE = 100;
/** Page size of the iterators: the API's maximum. */
export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_MAX_RETRIES = 2;
export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Consecutive empty pages that still carry a token before a walk gives up. */
export const MAX_EMPTY_PAGES = 5;

// waitForBackup: the same defaults and status rule as the Python SDK (spec/README.md, "Waiting").
export const DEFAULT_WAIT_TIMEOUT = 1800;
export const WAIT_FIRST_POLL_INTERVAL = 1;
export const WAIT_MAX_POLL_INTERVAL = 15;
export const WAIT_POLL_GROWTH = 1.5;
export const WAIT_POLL_JITTER = 0.2;
export const WAIT_NOT_FOUND_GRACE = 60;
export const WAIT_IN_PROGRESS_STATUSES = new Set(["Initializing", "Pending"]);
export const WAIT_READY_STATUS = "Ready";
export const WAIT_FAILED_STATUSES = new Set(["Failed", "InitializationFailed"]);

/** BackupModel of API version 2025-10: required fields, then optional ones with their checks. */
const REQUIRED_FIELDS = [
  "backup_id",
  "source_index_name",
  "source_index_id",
  "status",
  "cloud",
  "region",
];
const isString = (v) => typeof v === "string";
const isInteger = (v) => typeof v === "number" && Number.isInteger(v);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const OPTIONAL_FIELDS = {
  name: isString,
  description: isString,
  dimension: isInteger,
  metric: isString,
  schema: (v) =>
    isObject(v) &&
    isObject(v.fields) &&
    Object.values(v.fields).every(
      (f) => isObject(f) && (f.filterable === undefined || typeof f.filterable === "boolean"),
    ),
  record_count: isInteger,
  namespace_count: isInteger,
  size_bytes: isInteger,
  tags: (v) => isObject(v) && Object.values(v).every(isString),
  created_at: isString,
};
const DECLARED_FIELDS = new Set([...REQUIRED_FIELDS, ...Object.keys(OPTIONAL_FIELDS)]);

// --- errors ----------------------------------------------------------------

/** Base of every error; `kind` is the class name, as spec/conformance names error kinds. */
export class PineconeBackupsError extends Error {
  get kind() {
    return this.constructor.name;
  }
}
export class ConfigurationError extends PineconeBackupsError {}
/** Bad input, thrown before any request is sent. */
export class InvalidArgumentError extends PineconeBackupsError {}
export class APIConnectionError extends PineconeBackupsError {
  constructor(message, { attempts = 1, cause } = {}) {
    super(attempts > 1 ? `${message} (after ${attempts} attempts)` : message, { cause });
    this.attempts = attempts;
  }
}
export class APITimeoutError extends APIConnectionError {}
/** A non-2xx answer: `status`, Pinecone's `code` (null for a non-JSON body), `serverMessage`. */
export class APIStatusError extends PineconeBackupsError {
  constructor({ status, code, serverMessage, attempts, body, requestId, retryAfter }) {
    let text = `HTTP ${status}${code ? ` ${code}` : ""}`;
    if (serverMessage) text += `: ${serverMessage}`;
    if (requestId) text += ` [request id ${requestId}]`;
    if (attempts > 1) text += ` (after ${attempts} attempts)`;
    super(text);
    Object.assign(this, { status, code, serverMessage, attempts, body, requestId, retryAfter });
  }
}
export class BadRequestError extends APIStatusError {}
export class AuthenticationError extends APIStatusError {}
export class PermissionDeniedError extends APIStatusError {}
export class NotFoundError extends APIStatusError {}
export class RateLimitError extends APIStatusError {}
export class ServerError extends APIStatusError {}
export class UnexpectedStatusError extends APIStatusError {}
/** A 2xx answer whose body cannot be typed. */
export class MalformedResponseError extends PineconeBackupsError {
  constructor(message, { status, body }) {
    super(message);
    Object.assign(this, { status, body });
  }
}
/** A walk stopped because it could not progress (a repeated token). */
export class PaginationError extends PineconeBackupsError {
  constructor(message, { pageNumber, token }) {
    super(message);
    Object.assign(this, { pageNumber, token });
  }
}

/**
 * waitForBackup ended without a Ready backup: `backup` (the last one seen, or null), `waited`
 * (seconds), `polls`, `statuses` (each change once) and `backupStatus`.
 */
export class BackupWaitError extends PineconeBackupsError {
  constructor(message, { backupId, backup, waited, polls, statuses }) {
    super(message);
    Object.assign(this, { backupId, backup, waited, polls, statuses });
  }

  get backupStatus() {
    return this.backup === null ? null : this.backup.status;
  }
}
/** The backup settled on Failed or InitializationFailed: it will never be ready. */
export class BackupFailedError extends BackupWaitError {}
/** The wait's timeout passed first; the backup may still become ready. */
export class BackupWaitTimeoutError extends BackupWaitError {}
/** A status this client does not know ended the wait (never polled forever, never success). */
export class UnknownBackupStatusError extends BackupWaitError {}

/** A poll needed time past the wait's deadline (internal). */
class DeadlineReached extends Error {}

const STATUS_ERRORS = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  429: RateLimitError,
};

function snippet(text, secret) {
  let out = secret ? text.split(secret).join("***") : text;
  out = out.split(/\s+/).filter(Boolean).join(" ");
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

function errorFromResponse(response, body, { attempts, secret, retryAfter }) {
  const status = response.status;
  const Kind =
    STATUS_ERRORS[status] ?? (status >= 500 && status < 600 ? ServerError : UnexpectedStatusError);
  let code = null;
  let serverMessage = null;
  try {
    const decoded = JSON.parse(body.toString("utf8"));
    const error = isObject(decoded) ? decoded.error : undefined;
    if (isObject(error)) {
      if (isString(error.code)) code = error.code;
      if (isString(error.message)) serverMessage = snippet(error.message, secret);
    }
  } catch {
    // Not JSON: a text/plain 401, a proxy's HTML page, nothing at all.
  }
  if (serverMessage === null) {
    serverMessage = snippet(body.toString("utf8"), secret) || response.statusText || "";
  }
  if (status >= 300 && status < 400) {
    serverMessage = `redirect to ${response.headers.get("location") ?? "?"} not followed`;
  }
  return new Kind({
    status,
    code,
    serverMessage,
    attempts,
    body,
    retryAfter,
    requestId: response.headers.get("x-pinecone-request-id") ?? response.headers.get("x-request-id"),
  });
}

// --- timestamps ------------------------------------------------------------

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * A server timestamp as RFC 3339 in UTC with exactly six fractional digits and "Z"
 * ("2025-03-11T18:29:50.549505Z"), or null when it cannot be read. Accepts "T" or a space,
 * "Z" or an offset (none means UTC), any number of fractional digits (truncated, never
 * rounded, to microseconds: a JavaScript Date would lose them).
 */
export function normaliseTimestamp(text) {
  const m = isString(text) ? TIMESTAMP.exec(text) : null;
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const micros = (m[7] ?? "").slice(0, 6).padEnd(6, "0");
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  let offsetMinutes = 0;
  if (m[9]) {
    const [hours, minutes] = [Number(m[10]), Number(m[11])];
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = new Date(local - offsetMinutes * 60_000);
  if (Number.isNaN(utc.getTime())) return null;
  return `${utc.toISOString().slice(0, 19)}.${micros}Z`;
}

// --- models ----------------------------------------------------------------

/** One backup: the JSON object as sent, read through typed accessors. */
export class Backup {
  #raw;
  constructor(raw) {
    this.#raw = raw;
  }

  /** The object exactly as the server sent it (a deep copy). */
  get raw() {
    return structuredClone(this.#raw);
  }

  /** A declared field: its value, or null when absent, null or of the wrong type. */
  get(name) {
    if (!DECLARED_FIELDS.has(name)) {
      throw new TypeError(`BackupModel has no field ${name}; read it from extra`);
    }
    const value = this.#raw[name];
    if (value === undefined || value === null) return null;
    const check = OPTIONAL_FIELDS[name] ?? isString;
    return check(value) ? structuredClone(value) : null;
  }

  get backupId() {
    return this.#raw.backup_id;
  }

  get status() {
    return this.#raw.status;
  }

  /** created_at normalised (see normaliseTimestamp), or null. */
  get createdAt() {
    return normaliseTimestamp(this.#raw.created_at);
  }

  /** created_at exactly as the server sent it (nanoseconds included). */
  get createdAtRaw() {
    return this.get("created_at");
  }

  /** Fields the pinned API version does not declare, kept verbatim. */
  get extra() {
    return Object.fromEntries(
      Object.entries(this.#raw)
        .filter(([key]) => !DECLARED_FIELDS.has(key))
        .map(([key, value]) => [key, structuredClone(value)]),
    );
  }
}

/** One page of a listing; `nextToken` is null on the last page. */
export class Page {
  constructor(backups, nextToken) {
    this.backups = backups;
    this.nextToken = nextToken;
  }
}

// --- validation ------------------------------------------------------------

function checkPathValue(value, what) {
  if (!isString(value)) throw new InvalidArgumentError(`${what} must be a string`);
  if (value === "") throw new InvalidArgumentError(`${what} must be a non-empty string`);
  if (value === "." || value === "..") {
    throw new InvalidArgumentError(`${what} ${JSON.stringify(value)} is a path dot segment`);
  }
  return value;
}

function checkPageSize(value, what) {
  if (!isInteger(value) || value < MIN_PAGE_SIZE || value > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError(
      `${what} must be an integer from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function checkSeconds(value, what) {
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new InvalidArgumentError(
      `${what} must be a finite number of seconds > 0, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function checkToken(value) {
  if (value === undefined || value === null) return null;
  if (!isString(value) || value === "") {
    throw new InvalidArgumentError("paginationToken must be null or a page's non-empty nextToken");
  }
  return value;
}

/** Percent-encode a path value: every UTF-8 byte outside RFC 3986 "unreserved". */
export function encodePathValue(value) {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value, now = Date.now()) {
  if (!isString(value) || value.trim() === "") return null;
  const text = value.trim();
  let seconds;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) {
    seconds = Number(text);
  } else {
    const when = Date.parse(text);
    if (Number.isNaN(when)) return null;
    seconds = (when - now) / 1000;
  }
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

function isLoopback(host) {
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "[::1]"
  );
}

// --- the client ------------------------------------------------------------

/**
 * A client of the two backup operations.
 *
 * Options: apiKey (default PINECONE_API_KEY), baseUrl (default PINECONE_CONTROLLER_HOST or
 * https://api.pinecone.io), maxRetries (2), backoff {initial, maximum, maxRetryAfter} in
 * seconds, timeoutMs per attempt (30000), fetch (default globalThis.fetch).
 */
export class Client {
  #apiKey;
  #fetch;

  constructor({
    apiKey = process.env.PINECONE_API_KEY,
    baseUrl = process.env.PINECONE_CONTROLLER_HOST || DEFAULT_BASE_URL,
    maxRetries = DEFAULT_MAX_RETRIES,
    backoff = {},
    timeoutMs = 30_000,
    fetch = globalThis.fetch,
  } = {}) {
    if (!isString(apiKey) || apiKey.trim() === "") {
      throw new ConfigurationError("No Pinecone API key: pass apiKey or set PINECONE_API_KEY");
    }
    if (apiKey !== apiKey.trim() || /[\u0000-\u001f\u007f]/.test(apiKey)) {
      throw new ConfigurationError("The API key has whitespace or control characters");
    }
    const url = new URL(baseUrl.includes("://") ? baseUrl : `https://${baseUrl}`);
    if (!["http:", "https:"].includes(url.protocol)) {
      throw new ConfigurationError(`baseUrl ${baseUrl} must be an http(s) URL`);
    }
    if (url.protocol === "http:" && !isLoopback(url.hostname)) {
      throw new ConfigurationError(`baseUrl ${baseUrl} would send the API key unencrypted`);
    }
    if (!isInteger(maxRetries) || maxRetries < 0) {
      throw new InvalidArgumentError("maxRetries must be an integer >= 0");
    }
    this.#apiKey = apiKey;
    this.#fetch = fetch;
    this.baseUrl = url.href.replace(/\/+$/, "");
    this.maxRetries = maxRetries;
    this.backoff = { initial: 0.5, maximum: 8, maxRetryAfter: 60, ...backoff };
    this.timeoutMs = timeoutMs;
    this.apiVersion = API_VERSION;
  }

  /** One page of an index's backups. `limit` 1..100 (omitted: the server's default). */
  async listBackups(indexName, { limit = null, paginationToken = null } = {}) {
    const name = checkPathValue(indexName, "indexName");
    const size = limit === null || limit === undefined ? null : checkPageSize(limit, "limit");
    return this.#listPage(name, size, checkToken(paginationToken));
  }

  /** One backup by its ID. */
  async describeBackup(backupId) {
    const id = checkPathValue(backupId, "backupId");
    return this.#describe(id, null);
  }

  async #describe(id, deadline) {
    const { response, body } = await this.#send(`/backups/${encodePathValue(id)}`, {}, deadline);
    return parseBackup(decodeJson(response, body, "describeBackup"), response, body, "the backup");
  }

  /**
   * Poll a backup until it is Ready and return it. Times are in seconds. Initializing and
   * Pending poll again; Failed and InitializationFailed throw BackupFailedError; any other
   * status throws UnknownBackupStatusError at once. Pauses grow from pollInterval by half up to
   * maxPollInterval, each shortened by up to a fifth at random. Everything counts against
   * timeout: requests are cut at the time left, and a pause or a retry's wait that would end
   * past it throws BackupWaitTimeoutError instead. A 404 before the backup was first seen is
   * polled again for up to notFoundGrace seconds; after it was seen, a 404 is thrown.
   * onStatus(backup) is called on the first sighting and every status change. `random`,
   * `clock` (seconds) and `pauseFor` (async, seconds) exist for tests on virtual time.
   */
  async waitForBackup(
    backupId,
    {
      timeout = DEFAULT_WAIT_TIMEOUT,
      pollInterval = WAIT_FIRST_POLL_INTERVAL,
      maxPollInterval = null,
      onStatus = null,
      notFoundGrace = WAIT_NOT_FOUND_GRACE,
      random = Math.random,
      clock = () => performance.now() / 1000,
      pauseFor = sleep,
    } = {},
  ) {
    const id = checkPathValue(backupId, "backupId");
    const total = checkSeconds(timeout, "timeout");
    const first = checkSeconds(pollInterval, "pollInterval");
    let cap = Math.max(WAIT_MAX_POLL_INTERVAL, first);
    if (maxPollInterval !== null && maxPollInterval !== undefined) {
      cap = checkSeconds(maxPollInterval, "maxPollInterval");
      if (cap < first) throw new InvalidArgumentError("maxPollInterval must be at least pollInterval");
    }
    if (onStatus !== null && typeof onStatus !== "function") {
      throw new InvalidArgumentError("onStatus must be a function taking a Backup, or null");
    }
    const start = clock();
    const deadline = { at: start + total, clock };
    const state = { last: null, statuses: [], polls: 0 };
    const fail = (Kind, what) => {
      const waited = clock() - start;
      const seen = state.statuses.join(" -> ") || "none";
      return new Kind(
        `backup ${JSON.stringify(id)} ${what} [waited ${waited.toFixed(1)} s, ${state.polls} polls; statuses seen: ${seen}]`,
        { backupId: id, backup: state.last, waited, polls: state.polls, statuses: [...state.statuses] },
      );
    };
    const timedOut = (reason) =>
      fail(
        BackupWaitTimeoutError,
        `did not settle within the timeout of ${total} s (${reason}): ` +
          (state.last === null
            ? "no poll found it yet (every poll answered 404, or none completed); check the backup ID or wait longer"
            : `it was still ${JSON.stringify(state.last.status)}; it may yet become ready: wait again, or pass a longer timeout`),
      );
    let base = Math.min(first, cap);
    while (true) {
      state.polls += 1;
      let backup = null;
      try {
        backup = await this.#describe(id, deadline);
      } catch (error) {
        if (error instanceof DeadlineReached) throw timedOut(error.message);
        if (!(error instanceof NotFoundError)) throw error;
        if (state.last !== null) {
          error.message += ` (the backup was seen with status ${JSON.stringify(state.last.status)} on an earlier poll; it was probably deleted while waiting)`;
          throw error;
        }
        if (clock() - start >= notFoundGrace) {
          error.message += ` (no poll found this backup in ${(clock() - start).toFixed(1)} s; check the backup ID)`;
          throw error;
        }
      }
      if (backup !== null) {
        state.last = backup;
        const status = backup.status;
        if (state.statuses.at(-1) !== status) {
          state.statuses.push(status);
          if (onStatus !== null) onStatus(backup);
        }
        if (status === WAIT_READY_STATUS) return backup;
        if (WAIT_FAILED_STATUSES.has(status)) {
          throw fail(
            BackupFailedError,
            `settled on ${JSON.stringify(status)}: it will never be ready. Inspect it, then create a new backup`,
          );
        }
        if (!WAIT_IN_PROGRESS_STATUSES.has(status)) {
          throw fail(
            UnknownBackupStatusError,
            `has status ${JSON.stringify(status)}, which this client does not know, so the wait stopped (it is neither polled on forever nor taken for success)`,
          );
        }
      }
      const pause = base * (1 - WAIT_POLL_JITTER * random());
      base = Math.min(base * WAIT_POLL_GROWTH, cap);
      if (clock() + pause >= deadline.at) {
        throw timedOut(`the next poll (in ${pause.toPrecision(3)} s) would come after it`);
      }
      await pauseFor(pause);
    }
  }

  /**
   * Every page of an index, lazily. Arguments are checked now, before any request. The first
   * request carries `limit`; later ones (and a resume from `paginationToken`) the token alone.
   */
  iterBackupPages(indexName, { pageSize = DEFAULT_PAGE_SIZE, paginationToken = null } = {}) {
    const name = checkPathValue(indexName, "indexName");
    const size = checkPageSize(pageSize, "pageSize");
    const start = checkToken(paginationToken);
    return this.#walk(name, size, start);
  }

  /** Every backup of an index, lazily, across all pages; see iterBackupPages. */
  iterBackups(indexName, options = {}) {
    const pages = this.iterBackupPages(indexName, options);
    return (async function* () {
      for await (const page of pages) yield* page.backups;
    })();
  }

  async *#walk(name, size, start) {
    let token = start;
    const seen = new Set(token === null ? [] : [token]);
    let pageNumber = 0;
    let emptyRun = 0;
    while (true) {
      const page = await this.#listPage(name, token === null ? size : null, token);
      pageNumber += 1;
      emptyRun = page.backups.length === 0 ? emptyRun + 1 : 0;
      yield page;
      const next = page.nextToken;
      if (next === null) return;
      if (seen.has(next)) {
        throw new PaginationError(
          `page ${pageNumber} of index ${name} repeated a pagination token; stopping the walk`,
          { pageNumber, token: next },
        );
      }
      if (emptyRun >= MAX_EMPTY_PAGES) {
        throw new PaginationError(`${emptyRun} empty pages in a row; stopping the walk`, {
          pageNumber,
          token: next,
        });
      }
      seen.add(next);
      token = next;
    }
  }

  async #listPage(name, limit, token) {
    const query = {};
    if (limit !== null) query.limit = String(limit);
    if (token !== null) query.paginationToken = token;
    const { response, body } = await this.#send(`/indexes/${encodePathValue(name)}/backups`, query);
    return parsePage(decodeJson(response, body, "listBackups"), response, body);
  }

  /** GET with retries; with a `deadline` ({at, clock} in seconds), held to it. */
  async #send(path, query, deadline = null) {
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}${path}${search ? `?${search}` : ""}`;
    const headers = {
      "Api-Key": this.#apiKey,
      "X-Pinecone-Api-Version": API_VERSION,
      Accept: "application/json",
      "User-Agent": "pinecone-backups-node-conformance",
    };
    let lastFailure = "a failure";
    const pause = async (seconds) => {
      if (deadline !== null && deadline.clock() + seconds >= deadline.at) {
        throw new DeadlineReached(
          `a retry of the poll after ${lastFailure} would wait ${Number(seconds.toPrecision(3))} s, past it`,
        );
      }
      await sleep(seconds);
    };
    for (let attempt = 1; ; attempt += 1) {
      let response;
      let body;
      let timeoutMs = this.timeoutMs;
      let capped = false;
      if (deadline !== null) {
        const leftMs = (deadline.at - deadline.clock()) * 1000;
        if (leftMs <= 0) throw new DeadlineReached("no time was left for another request");
        if (leftMs < timeoutMs) [timeoutMs, capped] = [leftMs, true];
      }
      try {
        response = await this.#fetch(url, {
          method: "GET",
          headers,
          redirect: "manual",
          signal: AbortSignal.timeout(Math.max(1, Math.floor(timeoutMs))),
        });
        body = Buffer.from(await response.arrayBuffer());
      } catch (cause) {
        const timedOut = cause?.name === "TimeoutError" || cause?.name === "AbortError";
        if (capped && timedOut) throw new DeadlineReached("the last poll ran into the deadline");
        lastFailure = cause?.name ?? "a connection failure";
        if (attempt > this.maxRetries) {
          const Kind =
            cause?.name === "TimeoutError" || cause?.name === "AbortError"
              ? APITimeoutError
              : APIConnectionError;
          throw new Kind(`GET ${path} failed: ${cause?.message ?? cause}`, { attempts: attempt, cause });
        }
        await pause(this.#delay(attempt, null));
        continue;
      }
      if (response.status >= 200 && response.status < 300) return { response, body };
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      if (!RETRYABLE_STATUSES.has(response.status) || attempt > this.maxRetries) {
        throw errorFromResponse(response, body, { attempts: attempt, secret: this.#apiKey, retryAfter });
      }
      lastFailure = `HTTP ${response.status}`;
      await pause(this.#delay(attempt, retryAfter));
    }
  }

  #delay(retry, retryAfter) {
    if (retryAfter !== null) return Math.min(retryAfter, this.backoff.maxRetryAfter);
    const cap = Math.min(this.backoff.initial * 2 ** (retry - 1), this.backoff.maximum);
    return Math.random() * cap;
  }
}

function sleep(seconds) {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

function malformed(response, body, message) {
  return new MalformedResponseError(`HTTP ${response.status} ${message}`, {
    status: response.status,
    body,
  });
}

function decodeJson(response, body, what) {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw malformed(response, body, `${what}: the body is not JSON`);
  }
}

function parseBackup(raw, response, body, where) {
  if (!isObject(raw)) throw malformed(response, body, `${where} is not a JSON object`);
  for (const name of REQUIRED_FIELDS) {
    if (!isString(raw[name])) {
      throw malformed(response, body, `${where} lacks the required string field ${name}`);
    }
  }
  return new Backup(raw);
}

function parsePage(decoded, response, body) {
  if (!isObject(decoded)) throw malformed(response, body, "listBackups: expected a JSON object");
  if (!Array.isArray(decoded.data)) {
    throw malformed(response, body, "listBackups: 'data' must be a list of backups");
  }
  const backups = decoded.data.map((raw, i) =>
    parseBackup(raw, response, body, `backup ${i} of the page`),
  );
  const pagination = decoded.pagination;
  if (pagination === undefined || pagination === null) return new Page(backups, null);
  if (!isObject(pagination)) {
    throw malformed(response, body, "listBackups: 'pagination' must be null or an object");
  }
  const next = pagination.next;
  if (next === undefined || next === null || next === "") return new Page(backups, null);
  if (!isString(next)) {
    throw malformed(response, body, "listBackups: 'pagination.next' must be a string");
  }
  return new Page(backups, next);
}
