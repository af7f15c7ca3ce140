// A GitHub stand-in for the intake benchmark's "GitHub answering quickly" scenario: answers the REST calls a
// handled issue_comment makes (App, installation token, the commenter's permission, reactions, the reply
// comment) at once with GitHub's recorded replies (bot/src/test/resources/github-api), 404 to anything else.
// The commenter has read access, so each /deploy is refused with a reply: real handler work, no GitOps commit.
//   node bench/intake/github.js <port>      GET /__calls lists the calls answered so far
const http = require('http');
const fs = require('fs');
const path = require('path');

const replies = path.join(__dirname, '../../bot/src/test/resources/github-api');
const reply = (name) => fs.readFileSync(path.join(replies, name));
const json = {
  app: reply('app.json'),
  token: reply('installation-token.json'),
  installation: reply('repository-installation.json'),
  permission: reply('collaborator-permission-read.json'),
  reaction: reply('reaction-created.json'),
  comment: reply('issue-comment-created.json'),
  pull: reply('pull-request.json'),
  notFound: reply('error-not-found.json'),
};
const routes = [
  ['GET', /^\/app$/, 200, json.app],
  ['POST', /^\/app\/installations\/\d+\/access_tokens$/, 201, json.token],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/installation$/, 200, json.installation],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/collaborators\/[^/]+\/permission$/, 200, json.permission],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+\/reactions$/, 201, json.reaction],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/, 200, Buffer.from('[]')],
  ['POST', /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/, 201, json.comment],
  ['PATCH', /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/, 200, json.comment],
  ['GET', /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+$/, 200, json.pull],
];
const calls = {};

http.createServer((req, res) => {
  const url = req.url.split('?')[0];
  req.resume();
  req.on('end', () => {
    if (url === '/__calls') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(calls));
      return;
    }
    const route = routes.find(([method, pattern]) => method === req.method && pattern.test(url));
    const key = req.method + ' ' + (route ? route[1].source : url);
    calls[key] = (calls[key] || 0) + 1;
    let [status, body] = route ? [route[2], route[3]] : [404, json.notFound];
    if (body === json.token) { // a token that is still good for an hour
      body = JSON.stringify({ ...JSON.parse(body), expires_at: new Date(Date.now() + 3600e3).toISOString() });
    }
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'X-RateLimit-Limit': '5000',
      'X-RateLimit-Remaining': '4999',
      'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 3600),
      Date: new Date().toUTCString(),
    });
    res.end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
