// The Step Functions stand-in of the callvault local runtime: aws-local-stepfunctions (the ASL interpreter) behind
// an HTTP server that speaks the AWS JSON 1.0 protocol of Step Functions, so the Java SfnClient talks to it as to AWS.
// Every Task state (nested in Map and Parallel too) is run by POSTing its input to a Lambda Invoke endpoint
// (the local runtime's Java functions). Executions live in this process's memory only.
//
// node server.mjs --lambda-endpoint http://127.0.0.1:PORT [--port 0] [--wait-override-ms N] [--retry-interval-override-ms N]
//                 [--region us-east-1] [--account 000000000000]
// Prints "stepfunctions-local listening on http://127.0.0.1:PORT" once it serves; exits when its stdin closes.

// aws-local-stepfunctions 3.0.0 declares node >= 22 for Promise.withResolvers (ES2024); this is all it needs on 20.
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StateMachine, ExecutionAbortedError, ExecutionTimeoutError } from 'aws-local-stepfunctions';

const options = parseArgs(process.argv.slice(2));
const REGION = options['region'] ?? 'us-east-1';
const ACCOUNT = options['account'] ?? '000000000000';
const LAMBDA_ENDPOINT = (options['lambda-endpoint'] ?? '').replace(/\/$/, '');
const WAIT_OVERRIDE_MS = optionalMillis('wait-override-ms');
const RETRY_OVERRIDE_MS = optionalMillis('retry-interval-override-ms');
// aws-local-stepfunctions times a Task out after 60 s unless it says otherwise; AWS waits for as long as the function
// runs (Lambda stops it after at most 900 s). Node timers hold at most 2^31-1 ms, hence this cap rather than AWS's 99999999.
const TASK_TIMEOUT_SECONDS_WHEN_ABSENT = 2_000_000;

const machines = new Map();   // state machine ARN -> machine
const executions = new Map(); // execution ARN -> execution

class AwsError extends Error {
  constructor(type, message, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

function parseArgs(args) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else out[a.slice(2)] = args[++i];
  }
  return out;
}

function optionalMillis(name) {
  if (options[name] === undefined) return undefined;
  const n = Number(options[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} needs a whole number of milliseconds, not ${options[name]}`);
  return n;
}

const seconds = (millis) => millis / 1000;
const machineArn = (name) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
const executionArn = (machineName, name) => `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machineName}:${name}`;

function checkName(name, what) {
  if (typeof name !== 'string' || name.length < 1 || name.length > 80 || /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw new AwsError('InvalidName', `Invalid ${what} name: ${name}`);
  }
}

// ---------------------------------------------------------------- definitions

/** Every state of a definition, nested ones too, by name (ASL wants names unique in the whole machine). */
function statesOf(definition, where = 'the definition', out = new Map()) {
  if (definition === null || typeof definition !== 'object' || typeof definition.States !== 'object') {
    throw new AwsError('InvalidDefinition', `${where} has no States`);
  }
  if (definition.QueryLanguage === 'JSONata') {
    throw new AwsError('InvalidDefinition', `${where}: QueryLanguage JSONata is not run locally (aws-local-stepfunctions ignores it); write JSONPath`);
  }
  for (const [name, state] of Object.entries(definition.States)) {
    if (out.has(name)) throw new AwsError('InvalidDefinition', `state name ${name} is used twice; state names must be unique in a state machine`);
    out.set(name, state);
    if (state.QueryLanguage === 'JSONata' || 'Output' in state || 'Assign' in state || 'Arguments' in state) {
      throw new AwsError('InvalidDefinition', `state ${name}: JSONata, Output, Arguments and Assign are not run locally; write JSONPath`);
    }
    if (state.Type === 'Map') {
      for (const unsupported of ['ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailureCount']) {
        if (unsupported in state) throw new AwsError('InvalidDefinition', `Map state ${name}: ${unsupported} (Distributed Map) is not run locally`);
      }
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
        throw new AwsError('InvalidDefinition', `Map state ${name}: Distributed Map is not run locally; use Mode INLINE`);
      }
      statesOf(processor, `Map state ${name}`, out);
    }
    if (state.Type === 'Parallel') {
      (state.Branches ?? []).forEach((branch, i) => statesOf(branch, `branch ${i} of Parallel state ${name}`, out));
    }
    if (state.Type === 'Task') taskTarget(name, state);
  }
  return out;
}

/**
 * What a Task runs: {kind: 'invoke'} for arn:aws:states:::lambda:invoke (FunctionName from its Parameters), or
 * {kind: 'function', functionName} for a plain Lambda function ARN. Anything else cannot run here.
 */
function taskTarget(name, state) {
  const resource = String(state.Resource);
  if (resource === 'arn:aws:states:::lambda:invoke') return { kind: 'invoke', resource };
  const lambda = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$/.exec(resource);
  if (lambda) return { kind: 'function', resource, functionName: lambda[1] };
  throw new AwsError('InvalidDefinition', `Task state ${name}: Resource ${resource} cannot run locally; tasks here are `
    + `arn:aws:states:::lambda:invoke or a Lambda function ARN (no .sync, .waitForTaskToken or other service integrations)`);
}

/** The function name of a FunctionName parameter: a name, a name:qualifier, or a (partial) function ARN. */
function functionNameOf(value) {
  const text = String(value);
  const arn = /^(?:arn:aws[a-z-]*:lambda:[^:]*:)?(?:[^:]*:)?function:([^:]+)(?::[^:]+)?$/.exec(text);
  if (arn) return arn[1];
  return text.split(':')[0];
}

/** The definition aws-local-stepfunctions runs: Task states get a timeout where AWS has none (see above). */
function runnable(definition) {
  const copy = structuredClone(definition);
  const visit = (d) => {
    for (const state of Object.values(d.States)) {
      if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = TASK_TIMEOUT_SECONDS_WHEN_ABSENT;
      }
      if (state.Type === 'Map') visit(state.ItemProcessor ?? state.Iterator);
      if (state.Type === 'Parallel') (state.Branches ?? []).forEach(visit);
    }
  };
  visit(copy);
  return copy;
}

function compile(definitionText) {
  let definition;
  try {
    definition = JSON.parse(definitionText);
  } catch (e) {
    throw new AwsError('InvalidDefinition', `the definition is not JSON: ${e.message}`);
  }
  const states = statesOf(definition);
  let interpreter;
  try {
    interpreter = new StateMachine(runnable(definition));
  } catch (e) {
    throw new AwsError('InvalidDefinition', e.message);
  }
  return { states, interpreter };
}

// ---------------------------------------------------------------- Lambda

function named(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** POSTs a payload to the Lambda Invoke API of the local runtime; resolves to {status, body}. */
function post(functionName, payloadText) {
  if (!LAMBDA_ENDPOINT) {
    return Promise.reject(named('Lambda.SdkClientException', 'the Step Functions stand-in was started without --lambda-endpoint'));
  }
  const url = new URL(`${LAMBDA_ENDPOINT}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payloadText) },
    }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({
        status: response.statusCode,
        functionError: response.headers['x-amz-function-error'],
        body: Buffer.concat(chunks).toString('utf8'),
      }));
      response.on('error', reject);
    });
    request.on('error', (e) => reject(named('Lambda.SdkClientException', `cannot reach the Lambda endpoint ${LAMBDA_ENDPOINT}: ${e.message}`)));
    request.end(payloadText);
  });
}

/**
 * Invokes a function as Lambda would for Step Functions. A function error becomes an error named after the body's
 * errorType (a Java function reports its exception's fully qualified class name) whose message, the Cause that Catch
 * hands on, is the function's error document, as in AWS.
 */
async function invoke(functionName, payload) {
  const answer = await post(functionName, JSON.stringify(payload ?? {}));
  if (answer.functionError) {
    let errorType = 'Lambda.Unknown';
    try {
      errorType = JSON.parse(answer.body).errorType ?? errorType;
    } catch {
      // Not JSON: the cause says what came back.
    }
    throw named(errorType, answer.body);
  }
  if (answer.status === 404) throw named('Lambda.ResourceNotFoundException', `Function not found: ${functionName}: ${answer.body}`);
  if (answer.status >= 400) throw named('Lambda.ServiceException', `the Lambda endpoint answered ${answer.status}: ${answer.body}`);
  try {
    return answer.body.trim() === '' ? null : JSON.parse(answer.body);
  } catch (e) {
    throw named('Lambda.ServiceException', `${functionName} returned what is not JSON: ${answer.body.slice(0, 200)}`);
  }
}

function taskHandler(name, state) {
  const target = taskTarget(name, state);
  if (target.kind === 'function') return (input) => invoke(target.functionName, input);
  return async (input) => {
    if (input === null || typeof input !== 'object' || input.FunctionName === undefined) {
      throw named('States.Runtime', `Task state ${name}: arn:aws:states:::lambda:invoke needs Parameters.FunctionName`);
    }
    const payload = await invoke(functionNameOf(input.FunctionName), input.Payload);
    return {
      ExecutedVersion: '$LATEST',
      Payload: payload,
      SdkHttpMetadata: { HttpHeaders: { 'X-Amz-Executed-Version': '$LATEST' }, HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: randomUUID() },
      StatusCode: 200,
    };
  };
}

function overridesFor(states) {
  const overrides = { taskResourceLocalHandlers: {}, waitTimeOverrides: {}, retryIntervalOverrides: {} };
  for (const [name, state] of states) {
    if (state.Type === 'Task') overrides.taskResourceLocalHandlers[name] = taskHandler(name, state);
    if (state.Type === 'Wait' && WAIT_OVERRIDE_MS !== undefined) overrides.waitTimeOverrides[name] = WAIT_OVERRIDE_MS;
    if (state.Retry && RETRY_OVERRIDE_MS !== undefined) overrides.retryIntervalOverrides[name] = RETRY_OVERRIDE_MS;
  }
  return overrides;
}

// ---------------------------------------------------------------- executions

function startExecution(machine, name, inputText) {
  let input;
  try {
    input = JSON.parse(inputText);
  } catch (e) {
    throw new AwsError('InvalidExecutionInput', `Invalid execution input: ${e.message}`);
  }
  const arn = executionArn(machine.name, name);
  const execution = {
    // The states it runs: an UpdateStateMachine meanwhile does not change a running execution.
    arn, name, machine, states: machine.states, input: inputText, status: 'RUNNING', startDate: Date.now(), stopDate: undefined,
    output: undefined, error: undefined, cause: undefined, events: [], failedTasks: new Set(), run: undefined,
  };
  executions.set(arn, execution);
  const context = {
    Execution: { Id: arn, Name: name, RoleArn: machine.roleArn, StartTime: new Date(execution.startDate).toISOString() },
    StateMachine: { Id: machine.arn, Name: machine.name },
  };
  execution.run = machine.interpreter.run(input, { overrides: overridesFor(machine.states), context });
  const history = (async () => {
    try {
      for await (const event of execution.run.eventLogs) record(execution, event);
    } catch (e) {
      console.error(`the history of ${arn} is incomplete:`, e);
    }
  })();
  execution.run.result.then(
    (output) => history.then(() => finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) })),
    (failure) => history.then(() => {
      if (failure instanceof ExecutionAbortedError) return finish(execution, 'ABORTED', {});
      if (failure instanceof ExecutionTimeoutError) {
        return finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution ran longer than its TimeoutSeconds' });
      }
      const error = failure.cause ?? failure;
      return finish(execution, 'FAILED', { error: error.name, cause: error.message });
    }));
  return execution;
}

function finish(execution, status, fields) {
  if (execution.status !== 'RUNNING') return; // stopped meanwhile
  Object.assign(execution, fields, { status, stopDate: Date.now() });
}

const TASK_TYPES = { invoke: 'Task', function: 'LambdaFunction' };

/** Translates an aws-local-stepfunctions event into the history events AWS records for it. */
function record(execution, event) {
  const add = (type, detailsKey, details) => {
    const id = execution.events.length + 1;
    const historyEvent = { timestamp: seconds(event.timestamp), type, id, previousEventId: id - 1 };
    if (detailsKey) historyEvent[detailsKey] = details;
    execution.events.push(historyEvent);
  };
  const state = event.state;
  const target = state?.type === 'Task' ? taskTarget(state.name, execution.states.get(state.name)) : undefined;
  const key = state ? `${state.name}#${event.index ?? ''}` : undefined;
  const taskStarts = () => {
    if (target.kind === 'invoke') {
      add('TaskScheduled', 'taskScheduledEventDetails', { resourceType: 'lambda', resource: 'invoke', region: REGION, parameters: json(state.input) });
      add('TaskStarted', 'taskStartedEventDetails', { resourceType: 'lambda', resource: 'invoke' });
    } else {
      add('LambdaFunctionScheduled', 'lambdaFunctionScheduledEventDetails', { resource: target.resource, input: json(state.input) });
      add('LambdaFunctionStarted');
    }
  };
  switch (event.type) {
    case 'ExecutionStarted':
      return add('ExecutionStarted', 'executionStartedEventDetails',
        { input: json(event.input), inputDetails: { truncated: false }, roleArn: execution.machine.roleArn });
    case 'ExecutionSucceeded':
      return add('ExecutionSucceeded', 'executionSucceededEventDetails', { output: json(event.output), outputDetails: { truncated: false } });
    case 'ExecutionFailed':
      return add('ExecutionFailed', 'executionFailedEventDetails', errorDetails(event));
    case 'ExecutionAborted':
      return add('ExecutionAborted', 'executionAbortedEventDetails', { error: execution.error, cause: execution.cause });
    case 'ExecutionTimeout':
      return add('ExecutionTimedOut', 'executionTimedOutEventDetails', { error: 'States.Timeout' });
    case 'StateEntered':
      add(`${state.type}StateEntered`, 'stateEnteredEventDetails', { name: state.name, input: json(state.input) });
      if (target) taskStarts();
      return;
    case 'StateRetried':
      execution.failedTasks.delete(key);
      if (target) taskStarts();
      return;
    case 'StateFailed':
      if (target) {
        execution.failedTasks.add(key);
        return target.kind === 'invoke'
          ? add('TaskFailed', 'taskFailedEventDetails', { resourceType: 'lambda', resource: 'invoke', ...errorDetails(event) })
          : add('LambdaFunctionFailed', 'lambdaFunctionFailedEventDetails', errorDetails(event));
      }
      if (state.type === 'Map' || state.type === 'Parallel') add(`${state.type}StateFailed`);
      return;
    case 'StateExited':
      if (target && !execution.failedTasks.delete(key)) {
        add(`${TASK_TYPES[target.kind]}Succeeded`, target.kind === 'invoke' ? 'taskSucceededEventDetails' : 'lambdaFunctionSucceededEventDetails',
          target.kind === 'invoke' ? { resourceType: 'lambda', resource: 'invoke' } : {});
      }
      return add(`${state.type}StateExited`, 'stateExitedEventDetails', { name: state.name, output: json(state.output) });
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const detailsKey = event.type.charAt(0).toLowerCase() + event.type.slice(1) + 'EventDetails';
      return add(event.type, detailsKey, { name: event.parentState.name, index: event.index });
    }
    default:
      // StateCaught has no event of its own in AWS (the failed task is followed by its state's exit and the catcher's
      // next state); parallel branches have none either.
      return undefined;
  }
}

function errorDetails(event) {
  const cause = event.Cause instanceof Error ? event.Cause.message : event.Cause;
  return { error: event.Error, cause: typeof cause === 'string' ? cause : json(cause) };
}

function json(value) {
  return value === undefined ? undefined : JSON.stringify(value);
}

// ---------------------------------------------------------------- the API

function machineOf(arn) {
  const machine = machines.get(arn);
  if (!machine) throw new AwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return machine;
}

function executionOf(arn) {
  const execution = executions.get(arn);
  if (!execution) throw new AwsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return execution;
}

function page(items, request, key) {
  const start = request.nextToken ? Number(request.nextToken) : 0;
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidToken', `Invalid token: ${request.nextToken}`);
  const size = request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
  const out = { [key]: items.slice(start, start + size) };
  if (start + size < items.length) out.nextToken = String(start + size);
  return out;
}

function describeExecution(e) {
  return {
    executionArn: e.arn, stateMachineArn: e.machine.arn, name: e.name, status: e.status,
    startDate: seconds(e.startDate), stopDate: e.stopDate === undefined ? undefined : seconds(e.stopDate),
    input: e.input, inputDetails: { included: true }, output: e.output,
    outputDetails: e.output === undefined ? undefined : { included: true }, error: e.error, cause: e.cause,
  };
}

const operations = {
  CreateStateMachine(r) {
    checkName(r.name, 'state machine');
    const arn = machineArn(r.name);
    const existing = machines.get(arn);
    const type = r.type ?? 'STANDARD';
    if (existing) {
      if (existing.definition === r.definition && existing.roleArn === r.roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
      }
      throw new AwsError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const { states, interpreter } = compile(r.definition);
    const creationDate = Date.now();
    machines.set(arn, { arn, name: r.name, definition: r.definition, roleArn: r.roleArn, type, creationDate, states, interpreter });
    return { stateMachineArn: arn, creationDate: seconds(creationDate) };
  },
  UpdateStateMachine(r) {
    const machine = machineOf(r.stateMachineArn);
    if (r.definition !== undefined) Object.assign(machine, { definition: r.definition }, compile(r.definition));
    if (r.roleArn !== undefined) machine.roleArn = r.roleArn;
    machine.updateDate = Date.now();
    return { updateDate: seconds(machine.updateDate) };
  },
  DeleteStateMachine(r) {
    machines.delete(r.stateMachineArn);
    return {};
  },
  DescribeStateMachine(r) {
    const m = machineOf(r.stateMachineArn);
    return { stateMachineArn: m.arn, name: m.name, status: 'ACTIVE', definition: m.definition, roleArn: m.roleArn, type: m.type, creationDate: seconds(m.creationDate) };
  },
  ListStateMachines(r) {
    const all = [...machines.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: seconds(m.creationDate) }));
    return page(all, r, 'stateMachines');
  },
  StartExecution(r) {
    const machine = machineOf(r.stateMachineArn);
    const name = r.name ?? randomUUID();
    checkName(name, 'execution');
    const input = r.input ?? '{}';
    const existing = executions.get(executionArn(machine.name, name));
    if (existing) {
      // AWS Standard: the same name and input while it runs is the same execution; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.arn, startDate: seconds(existing.startDate) };
      }
      throw new AwsError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.arn}'`);
    }
    const execution = startExecution(machine, name, input);
    return { executionArn: execution.arn, startDate: seconds(execution.startDate) };
  },
  DescribeExecution(r) {
    return describeExecution(executionOf(r.executionArn));
  },
  ListExecutions(r) {
    machineOf(r.stateMachineArn);
    const all = [...executions.values()]
      .filter((e) => e.machine.arn === r.stateMachineArn && (!r.statusFilter || e.status === r.statusFilter))
      .sort((a, b) => b.startDate - a.startDate)
      .map((e) => ({
        executionArn: e.arn, stateMachineArn: e.machine.arn, name: e.name, status: e.status, startDate: seconds(e.startDate),
        stopDate: e.stopDate === undefined ? undefined : seconds(e.stopDate),
      }));
    return page(all, r, 'executions');
  },
  StopExecution(r) {
    const execution = executionOf(r.executionArn);
    if (execution.status === 'RUNNING') {
      Object.assign(execution, { status: 'ABORTED', stopDate: Date.now(), error: r.error, cause: r.cause });
      execution.run.abort();
    }
    return { stopDate: seconds(execution.stopDate) };
  },
  GetExecutionHistory(r) {
    const execution = executionOf(r.executionArn);
    let events = execution.events.map((e) => (r.includeExecutionData === false ? withoutData(e) : e));
    if (r.reverseOrder) events = [...events].reverse();
    return page(events, r, 'events');
  },
};

function withoutData(event) {
  const copy = structuredClone(event);
  for (const value of Object.values(copy)) {
    if (value && typeof value === 'object') {
      for (const field of ['input', 'output', 'parameters']) delete value[field];
    }
  }
  return copy;
}

function reply(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  response.end(text);
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.') ? operations[target.slice('AWSStepFunctions.'.length)] : undefined;
      if (request.method !== 'POST' || !operation) {
        throw new AwsError('UnknownOperationException', `the local Step Functions does not serve ${request.method} ${target || request.url}`);
      }
      const body = Buffer.concat(chunks).toString('utf8');
      let parsed;
      try {
        parsed = body === '' ? {} : JSON.parse(body);
      } catch {
        throw new AwsError('SerializationException', 'the request body is not JSON');
      }
      reply(response, 200, operation(parsed));
    } catch (e) {
      if (!(e instanceof AwsError)) console.error(e);
      const error = e instanceof AwsError ? e : new AwsError('InternalFailure', String(e?.stack ?? e), 500);
      reply(response, error.status, { __type: error.type, message: error.message });
    }
  });
});

// Idle connections outlive the Java client's (5 s), so it never reuses one this server is closing.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(Number(options.port ?? 0), '127.0.0.1', () => {
  console.log(`stepfunctions-local listening on http://127.0.0.1:${server.address().port} (Lambda endpoint ${LAMBDA_ENDPOINT || 'none'}, `
    + `wait override ${WAIT_OVERRIDE_MS ?? 'none'} ms, retry interval override ${RETRY_OVERRIDE_MS ?? 'none'} ms)`);
});

// The owner (the Java stand-in) holds our stdin open; when it goes away, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
