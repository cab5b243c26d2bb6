// The chat page: asks POST /ask, shows answers with citation cards and charts. Server text goes in
// through textContent only, never innerHTML: answers may quote what the user typed.
"use strict";

(function () {
  const TEXT = {
    en: {
      title: "Deep-learning library survey",
      subtitle: "Ask about 13 Python deep-learning libraries: what they are and their GitHub figures.",
      newChat: "New conversation", suggestionsTitle: "Try asking", questionLabel: "Your question",
      placeholder: "Ask a question…", send: "Send",
      you: "You", assistant: "Assistant", thinking: "Thinking…", sources: "Sources",
      empty: "Type a question first.",
      unreachable: "Could not reach the server. Check that it is running and try again.",
      invalid: "The question was not accepted:", failed: "The server could not answer",
      metric: { contributors: "contributors", commits: "commits", stars: "stars" },
      asOf: "as of", chartOf: (m, d) => `GitHub ${m}` + (d ? ` (as of ${d})` : ""),
    },
    zh: {
      title: "深度学习库调查",
      subtitle: "询问 13 个 Python 深度学习库：它们是什么，以及它们的 GitHub 数据。",
      newChat: "新对话", suggestionsTitle: "试试这些问题", questionLabel: "你的问题",
      placeholder: "输入问题…", send: "发送",
      you: "你", assistant: "助手", thinking: "正在思考…", sources: "来源",
      empty: "请先输入问题。",
      unreachable: "无法连接服务器。请确认服务正在运行，然后重试。",
      invalid: "问题未被接受：", failed: "服务器无法回答",
      metric: { contributors: "贡献者", commits: "提交", stars: "星标" },
      asOf: "截至", chartOf: (m, d) => `GitHub ${m}` + (d ? `（截至 ${d}）` : ""),
    },
  };
  const SUGGESTIONS = {
    en: ["How many stars does PyTorch have?", "Top 5 libraries by stars",
         "Which libraries have more than 10,000 stars?", "What is Theano?"],
    zh: ["TensorFlow有多少贡献者？", "按星标数排名前五的库", "PyTorch 和 TensorFlow 哪个提交更多？"],
  };

  const lang = (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
  const t = TEXT[lang];
  const numberFormat = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US");
  const fmt = (n) => numberFormat.format(n);

  const $ = (id) => document.getElementById(id);
  const form = $("ask-form"), box = $("question"), send = $("send"), log = $("conversation");
  let conversationId = null;
  let busy = false;
  let turn = 0;


  function node(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url, location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function applyLanguage() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t[el.dataset.i18n]; });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => {
      el.placeholder = t[el.dataset.i18nPlaceholder];
    });
    document.title = t.title;
  }

  function showSuggestions() {
    const list = $("suggestion-list");
    list.replaceChildren();
    const other = lang === "zh" ? "en" : "zh";
    for (const [code, questions] of [[lang, SUGGESTIONS[lang]], [other, SUGGESTIONS[other]]]) {
      for (const question of questions) {
        const item = node("li");
        const button = node("button", "suggestion", question);
        button.type = "button";
        button.lang = code === "zh" ? "zh-CN" : "en";
        button.addEventListener("click", () => ask(question));
        item.appendChild(button);
        list.appendChild(item);
      }
    }
    $("suggestions").hidden = false;
  }

  const calm = window.matchMedia("(prefers-reduced-motion: reduce)");
  function scrollToEnd(el) {
    el.scrollIntoView({ block: "end", behavior: calm.matches ? "auto" : "smooth" });
  }

  function addMessage(role, className) {
    const message = node("article", `message ${role}` + (className ? ` ${className}` : ""));
    message.appendChild(node("div", "who", role === "user" ? t.you : t.assistant));
    log.appendChild(message);
    if (role === "user") $("suggestions").hidden = true;
    return message;
  }

  function showError(text, details) {
    const message = addMessage("assistant", "error");
    message.setAttribute("role", "alert");
    message.appendChild(node("p", "error-text", text));
    if (details && details.length) {
      const list = node("ul", "error-details");
      for (const d of details) {
        const item = node("li");
        item.appendChild(node("code", "field", d.field));
        item.appendChild(document.createTextNode(" — " + d.reason));
        list.appendChild(item);
      }
      message.appendChild(list);
    }
    scrollToEnd(message);
    return message;
  }

  // The answer's text, with its [n] markers turned into links to the matching citation card.
  function answerText(answer, prefix, known) {
    const p = node("p", "answer");
    let last = 0;
    for (const match of answer.matchAll(/\[(\d+)\]/g)) {
      if (!known.has(Number(match[1]))) continue;
      p.appendChild(document.createTextNode(answer.slice(last, match.index)));
      const ref = node("a", "ref", match[0]);
      ref.href = `#${prefix}-${match[1]}`;
      p.appendChild(ref);
      last = match.index + match[0].length;
    }
    p.appendChild(document.createTextNode(answer.slice(last)));
    return p;
  }

  // The citation carries the entry's figures with their labels (metrics are data on the server side).
  function figuresLine(c) {
    if (!c.figures || !c.figures.length) return null;
    const parts = c.figures.map((f) => `${fmt(f.value)} ${f.label}`);
    const line = node("p", "figures", parts.join(" · ") + ` · ${t.asOf} `);
    const date = node("time", "as-of", c.as_of);
    date.dateTime = c.as_of;
    line.appendChild(date);
    return line;
  }

  function metricLabel(body, metric) {
    for (const c of body.citations || []) {
      const f = (c.figures || []).find((x) => x.metric === metric);
      if (f) return f.label;
    }
    return t.metric[metric] || metric;
  }

  function citationCard(c, prefix) {
    const card = node("li", "citation");
    card.id = `${prefix}-${c.n}`;
    card.dataset.id = c.id;
    const head = node("div", "card-head");
    head.appendChild(node("span", "n", `[${c.n}]`));
    head.appendChild(node("span", "name", c.name));
    card.appendChild(head);
    const figures = figuresLine(c);
    if (figures) card.appendChild(figures);
    card.appendChild(node("p", "snippet", c.snippet));
    const url = c.url ? safeUrl(c.url) : null;
    if (url) {
      const link = node("a", "link", url.replace(/^https?:\/\//, "").replace(/\/$/, ""));
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      card.appendChild(link);
    }
    return card;
  }

  async function showAnswer(message, body) {
    const prefix = `cite-${turn}`;
    const known = new Set((body.citations || []).map((c) => c.n));
    message.lang = body.language === "zh" ? "zh-CN" : "en";
    message.dataset.intent = body.intent;
    message.appendChild(answerText(body.answer, prefix, known));
    const asOf = (body.citations || []).map((c) => c.as_of).find(Boolean);
    const chart = window.SurveyChart.barChart(body, {
      format: fmt,
      caption: (metric) => t.chartOf(metricLabel(body, metric), asOf),
    });
    if (chart) message.appendChild(chart);
    if (body.citations && body.citations.length) {
      const sources = node("section", "sources");
      sources.appendChild(node("h3", null, t.sources));
      const list = node("ol", "citations");
      for (const c of body.citations) list.appendChild(citationCard(c, prefix));
      sources.appendChild(list);
      message.appendChild(sources);
    }
  }

  async function ask(rawQuestion) {
    if (busy) return;
    const question = rawQuestion.trim();
    if (!question) {
      showError(t.empty);
      box.focus();
      return;
    }
    busy = true;
    send.disabled = true;
    turn += 1;
    const mine = addMessage("user");
    mine.appendChild(node("p", "question", question));
    box.value = "";
    resize();
    const pending = addMessage("assistant", "pending");
    pending.setAttribute("aria-busy", "true");
    pending.appendChild(node("p", "thinking", t.thinking));
    scrollToEnd(pending);
    try {
      const payload = { question };
      if (conversationId) payload.conversation_id = conversationId;
      let response;
      try {
        response = await fetch("/ask", {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload),
        });
      } catch (_) {
        pending.remove();
        showError(t.unreachable);
        return;
      }
      const body = await response.json().catch(() => null);
      pending.remove();
      if (response.status === 422 && body && Array.isArray(body.detail)) {
        showError(t.invalid, body.detail);
      } else if (!response.ok || !body || typeof body.answer !== "string") {
        const why = body && typeof body.detail === "string" ? `: ${body.detail}` : "";
        showError(`${t.failed} (HTTP ${response.status})${why}`);
      } else {
        conversationId = body.conversation_id || conversationId;
        const message = addMessage("assistant", body.answered ? "answered" : "unanswered");
        await showAnswer(message, body);
        scrollToEnd(message);
      }
    } finally {
      busy = false;
      send.disabled = false;
      box.focus();
    }
  }

  function resize() {
    box.style.height = "auto";
    box.style.height = Math.min(box.scrollHeight, 160) + "px";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(box.value);
  });
  box.addEventListener("keydown", (event) => {
    // Enter sends; Shift+Enter adds a line; Enter that confirms an IME composition (Chinese) does not send.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      ask(box.value);
    }
  });
  box.addEventListener("input", resize);
  $("new-chat").addEventListener("click", () => {
    conversationId = null;
    log.replaceChildren();
    showSuggestions();
    box.focus();
  });

  applyLanguage();
  showSuggestions();
  box.focus();
})();
