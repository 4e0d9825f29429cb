// The query page's script: run the editor's query against the endpoint (POST
// application/sparql-query), show SELECT results as a table that fits the page (it scrolls
// inside its box, columns sort on a click), offer the same result as CSV and JSON, and keep
// a permalink that re-runs the query. Examples are the canned queries, embedded in the page
// as JSON. No outside scripts.
const form=document.getElementById('q'),out=document.getElementById('out'),ed=document.getElementById('query');
const base=document.body.dataset.base,root=document.body.dataset.root;
const examples=JSON.parse(document.getElementById('examples').textContent);
function esc(s){return String(s).replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));}
// an IRI under the base is shown by its path (doc/kst-35207-84), and links relative to the page
function cell(t){if(!t)return '';if(t.type==='uri'&&/^https?:/.test(t.value)){const inside=t.value.startsWith(base);
 const text=inside?t.value.slice(base.length):t.value,href=inside?root+text:t.value;
 return '<a class="iri-cell" href="'+esc(href)+'" title="'+esc(t.value)+'">'+esc(text)+'</a>';}
 // an id (no spaces) stays on one line; a list joined with ";" may break after each ";"
 const text=/^\S{1,48}$/.test(t.value)&&!t.value.includes(';')?'<span class="nowrap">'+esc(t.value)+'</span>':
  esc(t.value).replace(/;/g,';<wbr>');
 return text+(t['xml:lang']?' <small>@'+esc(t['xml:lang'])+'</small>':'');}
function endpoint(fmt){return form.action+'?'+new URLSearchParams({query:ed.value,format:fmt}).toString();}
// (the editor's text is `text`, not `query`: /sparql?query=... is the protocol's GET and runs it)
function permalink(){const p={text:ed.value,run:'1'};if(sorted.col!==null){p.sort=vars[sorted.col];p.order=sorted.asc?'asc':'desc';}
 return location.pathname+'?'+new URLSearchParams(p).toString();}
let rows=[],vars=[],sorted={col:null,asc:true};
function table(){let h='<div class="wrap"><table id="results"><thead><tr>'+vars.map((v,i)=>'<th data-col="'+i+'" title="sort">'+
  esc(v)+(sorted.col===i?(sorted.asc?' ▲':' ▼'):'')+'</th>').join('')+'</tr></thead><tbody>';
 for(const b of rows){h+='<tr>'+vars.map(v=>'<td>'+cell(b[v])+'</td>').join('')+'</tr>';}
 return h+'</tbody></table></div>';}
function sortBy(i){const v=vars[i];sorted.asc=sorted.col===i?!sorted.asc:true;sorted.col=i;
 // numbers sort as numbers (a whole value, so that a date 2025-01-14 is not the number 2025)
 const isNum=s=>s.trim()!==''&&!isNaN(Number(s)),num=rows.every(b=>!b[v]||isNum(b[v].value));
 rows.sort((a,b)=>{const x=a[v]?a[v].value:'',y=b[v]?b[v].value:'';
  const c=num?((x===''?-Infinity:Number(x))-(y===''?-Infinity:Number(y))):x.localeCompare(y);return sorted.asc?c:-c;});
 document.getElementById('table').innerHTML=table();
 history.replaceState(null,'',permalink());document.getElementById('permalink').href=permalink();}
async function run(){out.innerHTML='<p>Running…</p>';const t0=performance.now();
 const r=await fetch(form.action,{method:'POST',headers:{'Content-Type':'application/sparql-query',
  'Accept':'application/sparql-results+json, text/turtle;q=0.9'},body:ed.value});
 const type=r.headers.get('Content-Type')||'',ms=Math.round(performance.now()-t0);
 if(!r.ok){out.innerHTML='<p class="error" id="error">'+esc(r.status+' '+await r.text())+'</p>';return;}
 if(!type.includes('json')){out.innerHTML='<pre id="graph">'+esc(await r.text())+'</pre>';return;}
 const data=await r.json();if('boolean' in data){out.innerHTML='<p id="boolean">'+data.boolean+'</p>';return;}
 vars=data.head.vars;rows=data.results.bindings;sorted={col:null,asc:true};const link=permalink();
 const cut=r.headers.get('X-Chinakg-Truncated')?' (cut off at the row limit)':'';
 out.innerHTML='<p id="count">'+rows.length+' rows in '+ms+' ms'+cut+'</p>'+
  '<p class="downloads">Download: <a id="download-csv" href="'+esc(endpoint('csv'))+'" download="result.csv">CSV</a> · '+
  '<a id="download-json" href="'+esc(endpoint('json'))+'" download="result.json">JSON</a> · '+
  '<a id="permalink" href="'+esc(link)+'">Permalink</a> (re-runs this query)</p><div id="table">'+table()+'</div>';
 history.replaceState(null,'',link);
 // a permalink may name the sorted column: ?sort=date&order=desc
 const col=vars.indexOf(params.get('sort')||'');if(col>=0){sortBy(col);if(params.get('order')==='desc')sortBy(col);}}
out.addEventListener('click',e=>{const th=e.target.closest('th[data-col]');if(th)sortBy(parseInt(th.dataset.col,10));});
document.getElementById('example').addEventListener('change',e=>{if(examples[e.target.value])ed.value=examples[e.target.value];});
form.addEventListener('submit',e=>{e.preventDefault();run();});
ed.addEventListener('keydown',e=>{if(e.key==='Enter'&&(e.ctrlKey||e.metaKey)){e.preventDefault();run();}
 if(e.key==='Tab'){e.preventDefault();const s=ed.selectionStart;ed.setRangeText('  ',s,ed.selectionEnd,'end');}});
const params=new URLSearchParams(location.search);
if(params.get('text'))ed.value=params.get('text');
if(params.get('example')&&examples[params.get('example')]){ed.value=examples[params.get('example')];
 document.getElementById('example').value=params.get('example');}
if(params.get('run'))run();
