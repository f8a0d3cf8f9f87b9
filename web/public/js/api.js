// The page's only way to data: POST /graphql and GET /export on this origin, with the analyst's
// credential (an API key or a JWT, sent as `Authorization: Bearer …`, as every partner client sends
// it). The credential is kept for this tab only (sessionStorage); development mode needs none.

const STORE = "chokepoint.credential";

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
  toString() {
    return `${this.code}: ${this.message}`;
  }
}

export function credential() {
  return sessionStorage.getItem(STORE) || "";
}

export function setCredential(value) {
  if (value) sessionStorage.setItem(STORE, value.trim());
  else sessionStorage.removeItem(STORE);
}

function headers(extra) {
  const given = credential();
  return given ? { ...extra, Authorization: `Bearer ${given}` } : extra;
}

function firstError(body, status) {
  const error = (body && body.errors && body.errors[0]) || null;
  if (!error) return new ApiError("HTTP_" + status, `The API answered ${status}`, status);
  const code = (error.extensions && error.extensions.code) || "ERROR";
  return new ApiError(code, error.message, status);
}

// One GraphQL operation; its data, or an ApiError with the first error's code and message (a field
// error fails the whole call: the workspace never draws half an answer).
export async function graphql(query, variables = {}) {
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" }),
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ApiError("NETWORK", `The API cannot be reached: ${error.message}`, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError("HTTP_" + response.status, `The API answered ${response.status} without JSON`, response.status);
  }
  if (body.errors && body.errors.length) throw firstError(body, response.status);
  if (!response.ok) throw firstError(body, response.status);
  return body.data;
}

// A link chart of `ids` from /export (the JSON form of its arguments: no id list too long for a URL), as a Blob, with the same credential.
export async function exportChart(format, ids, hops = 0) {
  const response = await fetch("/export", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify({ format, ids, hops }),
  });
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      /* not JSON */
    }
    throw firstError(body, response.status);
  }
  return response.blob();
}
