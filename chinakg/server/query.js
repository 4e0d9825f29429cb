// The query page's script: run the editor's query against the endpoint (POST
// application/sparql-query), show SELECT results as a table, other results as text.
// Examples are the canned queries, embedded in the page as JSON. No outside scripts.
const form=document.getElementById('q'),out=document.getElementById('out'),ed=document.getElementById('query');
const base=document.body.dataset.base,examples=JSON.parse(document.getElementById('examples').textContent);
function esc(s){return String(s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
function cell(t){if(!t)return '';if(t.type==='uri'&&/^https?:/.test(t.value)){const h=t.value.startsWith(base)?t.value.slice(base.length):t.value;
 const rel=t.value.startsWith(base)?document.body.dataset.root+h:h;return '<a href="'+esc(rel)+'">'+esc(t.value)+'</a>';}
 return esc(t.value)+(t['xml:lang']?' <small>@'+esc(t['xml:lang'])+'</small>':'');}
async function run(){out.innerHTML='<p>Running…</p>';const t0=performance.now();
 const r=await fetch(form.action,{method:'POST',headers:{'Content-Type':'application/sparql-query',
  'Accept':'application/sparql-results+json, text/turtle;q=0.9'},body:ed.value});
 const type=r.headers.get('Content-Type')||'',ms=Math.round(performance.now()-t0);
 if(!r.ok){out.innerHTML='<p class="error" id="error">'+esc(r.status+' '+await r.text())+'</p>';return;}
 if(!type.includes('json')){out.innerHTML='<pre id="graph">'+esc(await r.text())+'</pre>';return;}
 const data=await r.json();if('boolean' in data){out.innerHTML='<p id="boolean">'+data.boolean+'</p>';return;}
 const vars=data.head.vars,rows=data.results.bindings;
 const cut=r.headers.get('X-Chinakg-Truncated')?' (cut off at the row limit)':'';
 let h='<p id="count">'+rows.length+' rows in '+ms+' ms'+cut+'</p>';
 h+='<table id="results"><tr>'+vars.map(v=>'<th>'+esc(v)+'</th>').join('')+'</tr>';
 for(const b of rows){h+='<tr>'+vars.map(v=>'<td>'+cell(b[v])+'</td>').join('')+'</tr>';}
 out.innerHTML=h+'</table>';}
document.getElementById('example').addEventListener('change',e=>{if(examples[e.target.value])ed.value=examples[e.target.value];});
form.addEventListener('submit',e=>{e.preventDefault();run();});
ed.addEventListener('keydown',e=>{if(e.key==='Enter'&&(e.ctrlKey||e.metaKey)){e.preventDefault();run();}
 if(e.key==='Tab'){e.preventDefault();const s=ed.selectionStart;ed.setRangeText('  ',s,ed.selectionEnd,'end');}});
const params=new URLSearchParams(location.search);
if(params.get('example')&&examples[params.get('example')]){ed.value=examples[params.get('example')];
 document.getElementById('example').value=params.get('example');}
if(params.get('run'))run();
