// Replays every case of spec/conformance/ with the Node client against FakePinecone.
//
// Run it through the Python launcher, which serves the fake and its control endpoint:
//   python tools/conformance_server.py -- node --test clients/node/test/
// (or `nox -s conformance_node`). The launcher sets CONFORMANCE_CONTROL_URL and
// CONFORMANCE_CASES. The rules and the case format are in spec/README.md.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

import { API_VERSION, Client, PineconeBackupsError } from "../src/client.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const CONTROL = process.env.CONFORMANCE_CONTROL_URL;
const CASES_DIR = process.env.CONFORMANCE_CASES ?? resolve(HERE, "../../../spec/conformance");
const API_KEY_PLACEHOLDER = "<api key>";
const TOKEN_PLACEHOLDER = /^<next_token of page ([1-9][0-9]*)>$/;
// Retries wait milliseconds unless the server says otherwise: Retry-After is honoured as sent.
const BACKOFF = { initial: 0.001, maximum: 0.005 };

if (!CONTROL) {
  throw new Error(
    "CONFORMANCE_CONTROL_URL is not set: run this through the launcher, " +
      "`python tools/conformance_server.py -- node --test clients/node/test/` " +
      "or `nox -s conformance_node`",
  );
}

const cases = readdirSync(CASES_DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(CASES_DIR, name), "utf8")));

async function control(path, body) {
  const init = body === undefined ? {} : { method: "POST", body: JSON.stringify(body) };
  const response = await fetch(CONTROL + path, init);
  const decoded = await response.json();
  assert.equal(response.status, 200, `control ${path}: ${JSON.stringify(decoded)}`);
  return decoded;
}

/** A backup in the cases' normalised form, read through the client's accessors. */
function normaliseBackup(backup) {
  const extra = backup.extra;
  const out = {};
  for (const key of Object.keys(backup.raw)) {
    if (key in extra) {
      out[key] = extra[key];
    } else if (key === "created_at") {
      out.created_at = backup.createdAt;
      out.created_at_raw = backup.createdAtRaw;
    } else {
      out[key] = backup.get(key);
    }
  }
  return out;
}

const normalisePage = (page) => ({
  backups: page.backups.map(normaliseBackup),
  next_token: page.nextToken,
});

/** Run the case's call; keep its normalised result, or its error and what came before it. */
async function perform(client, call) {
  const args = call.arguments ?? {};
  const observed = { result: null, delivered: null, error: null };
  try {
    switch (call.operation) {
      case "list_backups":
        observed.result = normalisePage(
          await client.listBackups(args.index_name, {
            limit: args.limit,
            paginationToken: args.pagination_token,
          }),
        );
        break;
      case "describe_backup":
        observed.result = { backup: normaliseBackup(await client.describeBackup(args.backup_id)) };
        break;
      case "wait_for_backup": {
        const changes = [];
        const backup = await client.waitForBackup(args.backup_id, {
          timeout: args.timeout,
          pollInterval: args.poll_interval,
          maxPollInterval: args.max_poll_interval,
          onStatus: (b) => changes.push(b.status),
        });
        observed.result = { backup: normaliseBackup(backup), status_changes: changes };
        break;
      }
      case "iter_backups": {
        observed.delivered = { backups: [] };
        const options = { pageSize: args.page_size, paginationToken: args.pagination_token };
        for await (const backup of client.iterBackups(args.index_name, options)) {
          observed.delivered.backups.push(normaliseBackup(backup));
        }
        [observed.result, observed.delivered] = [observed.delivered, null];
        break;
      }
      case "iter_backup_pages": {
        observed.delivered = { pages: [] };
        const options = { pageSize: args.page_size, paginationToken: args.pagination_token };
        for await (const page of client.iterBackupPages(args.index_name, options)) {
          observed.delivered.pages.push(normalisePage(page));
        }
        [observed.result, observed.delivered] = [observed.delivered, null];
        break;
      }
      default:
        throw new Error(`unknown operation ${call.operation}`);
    }
  } catch (error) {
    if (!(error instanceof PineconeBackupsError)) throw error;
    observed.error = error;
  }
  return observed;
}

/** pagination.next of each 2xx answer to a list request, in order (null if absent). */
function pageTokens(transcript) {
  return transcript
    .filter(({ path, status }) => status >= 200 && status < 300 && path.startsWith("/indexes/"))
    .map(({ body }) => {
      let decoded = null;
      try {
        decoded = JSON.parse(body);
      } catch {}
      const next = decoded?.pagination?.next;
      return typeof next === "string" ? next : null;
    });
}

function resolvePlaceholders(value, apiKey, tokens) {
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v, apiKey, tokens));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, apiKey, tokens)]),
    );
  }
  if (value === API_KEY_PLACEHOLDER) return apiKey;
  const match = typeof value === "string" ? TOKEN_PLACEHOLDER.exec(value) : null;
  if (match) {
    const token = tokens[Number(match[1]) - 1];
    return typeof token === "string" ? token : `<unresolved: page ${match[1]} gave no next_token>`;
  }
  return value;
}

function requestProblems(expected, actual) {
  const problems = [];
  if (expected.length !== actual.length) {
    const sent = actual.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`);
    problems.push(`expected ${expected.length} requests, the server received ${JSON.stringify(sent)}`);
  }
  expected.slice(0, actual.length).forEach((want, i) => {
    const got = actual[i];
    const where = `request ${i + 1}`;
    if (got.method !== want.method) problems.push(`${where}: method ${got.method}, expected ${want.method}`);
    if (got.path !== want.path) problems.push(`${where}: path ${got.path}, expected ${want.path}`);
    const query = Object.fromEntries(
      Object.entries(got.query).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
    );
    if (!isDeepStrictEqual(query, want.query)) {
      problems.push(`${where}: query ${JSON.stringify(query)}, expected ${JSON.stringify(want.query)}`);
    }
    for (const [name, value] of Object.entries(want.headers)) {
      const sent = got.headers[name.toLowerCase()];
      if (sent !== value) problems.push(`${where}: header ${name} is ${sent}, expected ${value}`);
    }
  });
  return problems;
}

const ERROR_ATTRIBUTES = {
  status: "status",
  code: "code",
  attempts: "attempts",
  page_number: "pageNumber",
  token: "token",
  backup_status: "backupStatus",
  statuses: "statuses",
  polls: "polls",
};

function errorProblems(expected, error) {
  if (error === null) return [`expected ${expected.kind}, but the call succeeded`];
  if (error.kind !== expected.kind) return [`expected ${expected.kind}, got ${error.kind}: ${error.message}`];
  const problems = [];
  for (const [key, attribute] of Object.entries(ERROR_ATTRIBUTES)) {
    if (key in expected && !isDeepStrictEqual(error[attribute], expected[key])) {
      problems.push(`${error.kind}.${attribute} is ${JSON.stringify(error[attribute])}, expected ${JSON.stringify(expected[key])}`);
    }
  }
  if ("message_contains" in expected && !error.message.includes(expected.message_contains)) {
    problems.push(`${error.kind} message ${JSON.stringify(error.message)} lacks ${JSON.stringify(expected.message_contains)}`);
  }
  return problems;
}

const show = (value) => JSON.stringify(value, null, 2);

function verify(testCase, observed, requests, tokens, apiKey) {
  const expect = resolvePlaceholders(testCase.expect, apiKey, tokens);
  const problems = requestProblems(expect.requests, requests);
  if ("error" in expect) {
    problems.push(...errorProblems(expect.error, observed.error));
    if ("delivered" in expect && !isDeepStrictEqual(observed.delivered, expect.delivered)) {
      problems.push(`delivered before the error:\n${show(observed.delivered)}\nexpected:\n${show(expect.delivered)}`);
    }
  } else if (observed.error !== null) {
    problems.push(`expected a result, got ${observed.error.kind}: ${observed.error.message}`);
  } else if (!isDeepStrictEqual(observed.result, expect.result)) {
    problems.push(`result:\n${show(observed.result)}\nexpected:\n${show(expect.result)}`);
  }
  return problems;
}

test("the case directory holds the conformance cases", () => {
  assert.ok(cases.length > 0, `no *.json case in ${CASES_DIR}`);
  for (const c of cases) {
    for (const request of c.expect.requests) {
      assert.equal(request.headers["X-Pinecone-Api-Version"], API_VERSION, c.name);
    }
  }
});

for (const testCase of cases) {
  test(testCase.name, async () => {
    const server = await control("/reset", testCase);
    const apiKey = testCase.client?.api_key ?? server.api_key;
    const transcript = [];
    const recordingFetch = async (url, init) => {
      const response = await fetch(url, init);
      const body = Buffer.from(await response.clone().arrayBuffer()).toString("utf8");
      transcript.push({ path: new URL(url).pathname, status: response.status, body });
      return response;
    };
    const client = new Client({
      apiKey,
      baseUrl: server.base_url,
      backoff: BACKOFF,
      timeoutMs: 5000,
      fetch: recordingFetch,
    });
    const observed = await perform(client, testCase.call);
    const { requests } = await control("/requests");
    const problems = verify(testCase, observed, requests, pageTokens(transcript), apiKey);
    assert.deepEqual(problems, [], `${testCase.description}\n${problems.join("\n")}`);
  });
}
