// The example integrations page: lists the tenant's connections and the catalog from its own
// server (which holds the Onramp key), and sends the user to a Connect session to connect or fix.
// Every text from the server goes in with textContent: names and vendor messages are not markup.
const base = '/examples/integrations';
const $ = (id) => document.getElementById(id);

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function call(path, body) {
  const response = await fetch(`${base}/api/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).message || `The server answered ${response.status}`);
  return response.status === 204 ? null : response.json();
}

function formatKpi(kpi) {
  const value = kpi.unit === 'percent' ? `${kpi.value.toFixed(1)} %` : /^[A-Z]{3}$/.test(kpi.unit)
    ? new Intl.NumberFormat(undefined, { style: 'currency', currency: kpi.unit }).format(kpi.value)
    : new Intl.NumberFormat().format(kpi.value);
  const label = kpi.key.charAt(0).toUpperCase() + kpi.key.slice(1).replaceAll('_', ' ');
  const day = (offset) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
  const when = kpi.period === day(0) ? 'today' : kpi.period === day(1) ? 'yesterday' : kpi.period;
  return `${label}: ${value} (${when})`;
}

const statusWords = { active: 'Connected', pending: 'Waiting for you', configuring: 'Waiting for you', testing: 'Checking…', failed: 'Needs your attention', error: 'Needs your attention', paused: 'Paused' };

const stepWords = { catalog: 'choosing an integration', connect: 'connecting', configure: 'choosing what to report on', test: 'the connection test', activate: 'the first sync' };

async function go(action, body) {
  let url;
  try {
    ({ url } = await call(action, body));
  } catch (error) {
    $('problem').textContent = `That did not work: ${error.message}`;
    return;
  }
  // Onramp's embed SDK opens the Connect page over this one; without it, the page goes there and back.
  if (!window.Onramp) return window.location.assign(url);
  $('notice').textContent = '';
  window.Onramp.connect({
    url,
    onSuccess: async (event) => {
      const loaded = await refresh();
      const connection = loaded?.state.connections.find((c) => c.id === event.connectionId);
      $('notice').textContent = `${connection ? connection.name : 'The integration'} is connected.`;
    },
    onExit: async (event) => {
      await refresh();
      $('notice').textContent = `Setup was not finished${stepWords[event.step] ? ` (stopped at ${stepWords[event.step]})` : ''}. You can continue it any time with Reconnect.`;
    },
  });
}

function render(state) {
  const names = new Map(state.catalog.map((i) => [i.slug, i.name]));
  $('connections').replaceChildren(
    ...state.connections.map((c) =>
      element('li', { class: 'card', 'data-connection': c.id }, [
        element('h3', { text: c.name }),
        element('span', { class: 'muted', text: names.get(c.integration) ?? c.integration }),
        element('span', { class: 'status', 'data-status': c.status, text: statusWords[c.status] ?? c.status }),
        ...(c.problem ? [element('span', { class: 'muted', text: c.problem })] : []),
        element('span', { class: 'muted', text: c.lastSyncAt ? `Last updated ${new Date(c.lastSyncAt).toLocaleString()}` : 'Not updated yet' }),
        element('ul', { class: 'kpis' }, c.kpis.map((k) => element('li', { text: formatKpi(k) }))),
        element('div', { class: 'actions' }, [
          // A working connection needs no Connect session (and Onramp takes no new credentials through one once it is active).
          ...(['active', 'paused'].includes(c.status) ? [] : [element('button', { type: 'button', text: 'Reconnect', 'aria-label': `Reconnect ${c.name}`, onclick: () => go('reconnect', { connectionId: c.id }) })]),
          element('button', {
            type: 'button', class: 'secondary', text: 'Disconnect', 'aria-label': `Disconnect ${c.name}`,
            onclick: async () => {
              if (!window.confirm(`Disconnect ${c.name}? Its history stays.`)) return;
              await call('disconnect', { connectionId: c.id }).catch((e) => ($('problem').textContent = `That did not work: ${e.message}`));
              await refresh();
            },
          }),
        ]),
      ]),
    ),
  );
  $('none').hidden = state.connections.length > 0;
  $('catalog').replaceChildren(
    ...state.catalog.map((i) =>
      element('li', { class: 'card' }, [
        element('h3', { text: i.name }),
        element('span', { class: 'muted', text: i.description }),
        element('div', { class: 'actions' }, [
          element('button', { type: 'button', text: 'Connect', 'aria-label': `Connect ${i.name}`, onclick: () => go('connect', { integration: i.slug }) }),
        ]),
      ]),
    ),
  );
  return names;
}

async function refresh() {
  try {
    const state = await call('state');
    return { state, names: render(state) };
  } catch (error) {
    $('problem').textContent = `The integrations could not be loaded: ${error.message}. Reload the page to try again.`;
    return null;
  }
}

// Back from the Connect page: say what happened, then drop the parameters from the address.
const back = new URLSearchParams(window.location.search);
history.replaceState(null, '', base);
const loaded = await refresh();
if (loaded && back.get('status') === 'connected') {
  const connection = loaded.state.connections.find((c) => c.id === back.get('connectionId'));
  $('notice').textContent = connection ? `${connection.name} is connected.` : 'Connected.';
} else if (back.has('status')) {
  $('notice').textContent = 'Setup was not finished. You can continue it any time with Reconnect.';
}
