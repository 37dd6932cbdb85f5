/*
 * AutomationServer tracking script: page views, custom events, form submissions and identify.
 *
 *   <script>
 *     window.automation = window.automation || [];
 *     ["page", "track", "identify", "trackForms", "reset"].forEach(function (m) {
 *       window.automation[m] = window.automation[m] || function () { window.automation.push([m].concat([].slice.call(arguments))); };
 *     });
 *   </script>
 *   <script async src="https://automation.example.com/track.js" data-write-key="..."></script>
 *
 * Calls made before this file has loaded wait in the array and run once it has. See docs/tracking.md.
 */
(function (window, document) {
  "use strict";

  var existing = window.automation;
  if (existing && existing.loaded) {
    return;
  }

  var script = document.currentScript || document.querySelector("script[data-write-key][src*='track.js']");
  var writeKey = script && script.getAttribute("data-write-key");
  if (!writeKey) {
    if (window.console) {
      window.console.warn("automation: track.js needs a data-write-key attribute; nothing is tracked.");
    }
    return;
  }

  var endpoint = script.getAttribute("data-endpoint") || new URL("/api/tracking/v1/events", script.src).href;
  var storagePrefix = "automation." + writeKey.slice(0, 16) + ".";
  var anonymousIdKey = storagePrefix + "anonymousId";
  var queueKey = storagePrefix + "queue";
  var cookieName = "automation_aid";
  var maxCallsPerRequest = 50;
  // Browsers refuse keep-alive requests and beacons over 64 KB; stay well below with the JSON overhead.
  var maxRequestChars = 60000;
  var maxQueued = 500;
  var sendDelayMs = 1000;
  var maxRetryDelayMs = 60000;

  // Field names and autocomplete tokens that are never read from a form; the server drops the same names again.
  var sensitiveWords = ["password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "csrf", "xsrf", "nonce", "otp", "pin",
    "card", "cc", "ccnum", "cvc", "cvv", "csc", "iban", "bic", "ssn", "apikey", "authenticity", "captcha"];
  var sensitivePhrases = ["password", "creditcard", "cardnumber", "securitycode", "accountnumber", "routingnumber", "socialsecurity", "verificationtoken"];
  var skippedInputTypes = ["password", "hidden", "file", "submit", "button", "reset", "image"];
  var formSelectors = ["form[data-automation-form]"];

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
  }

  function readStore(storage, key) {
    try {
      return window[storage].getItem(key);
    } catch (e) {
      return null;
    }
  }

  function writeStore(storage, key, value) {
    try {
      if (value === null) {
        window[storage].removeItem(key);
      } else {
        window[storage].setItem(key, value);
      }
      return true;
    } catch (e) {
      return false;
    }
  }

  function readCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  function writeCookie(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=31536000; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
  }

  function validAnonymousId(value) {
    return typeof value === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(value);
  }

  function setAnonymousId(value) {
    if (!writeStore("localStorage", anonymousIdKey, value)) {
      writeCookie(cookieName, value);
    }
    anonymousId = value;
  }

  var anonymousId = readStore("localStorage", anonymousIdKey) || readCookie(cookieName);
  if (!validAnonymousId(anonymousId)) {
    setAnonymousId(randomId());
  }

  // The queue lives in sessionStorage: calls not yet sent survive a navigation in the same tab, and tabs never share them.
  var queue = [];
  try {
    queue = JSON.parse(readStore("sessionStorage", queueKey) || "[]");
    if (!Array.isArray(queue)) {
      queue = [];
    }
  } catch (e) {
    queue = [];
  }

  function saveQueue() {
    writeStore("sessionStorage", queueKey, queue.length ? JSON.stringify(queue) : null);
  }

  var sending = false;
  var timer = null;
  var failures = 0;

  function schedule(delay) {
    if (timer === null) {
      timer = window.setTimeout(function () {
        timer = null;
        flush();
      }, delay);
    }
  }

  function enqueue(call, urgent) {
    call.messageId = call.messageId || randomId();
    call.timestamp = call.timestamp || new Date().toISOString();
    queue.push(call);
    if (queue.length > maxQueued) {
      queue.splice(0, queue.length - maxQueued);
    }
    saveQueue();
    if (urgent && !sending) {
      window.clearTimeout(timer);
      timer = null;
      flush();
    } else {
      schedule(sendDelayMs);
    }
  }

  /** The next calls that fit into one request; a call too large for any request is dropped. */
  function nextBatch() {
    var batch = [];
    var size = 200;
    while (batch.length < queue.length && batch.length < maxCallsPerRequest) {
      var length = JSON.stringify(queue[batch.length]).length + 1;
      if (length + 200 > maxRequestChars) {
        warn("a call is larger than a request may be and was dropped", queue[batch.length]);
        queue.splice(batch.length, 1);
        continue;
      }
      if (size + length > maxRequestChars) {
        break;
      }
      size += length;
      batch.push(queue[batch.length]);
    }
    return batch;
  }

  function body(batch) {
    return JSON.stringify({ writeKey: writeKey, anonymousId: anonymousId, sentAt: new Date().toISOString(), batch: batch });
  }

  function remove(batch) {
    queue = queue.filter(function (call) { return batch.indexOf(call) < 0; });
    saveQueue();
  }

  function flush() {
    if (sending || !queue.length) {
      return;
    }
    var batch = nextBatch();
    if (!batch.length) {
      saveQueue();
      return;
    }
    sending = true;
    // text/plain keeps the request "simple": no preflight, and the same body works for a beacon.
    window.fetch(endpoint, { method: "POST", body: body(batch), headers: { "Content-Type": "text/plain;charset=UTF-8" }, keepalive: true, credentials: "omit", mode: "cors" })
      .then(function (response) {
        if (response.ok) {
          return response.json().then(function (answer) {
            if (answer && validAnonymousId(answer.anonymousId) && answer.anonymousId !== anonymousId) {
              setAnonymousId(answer.anonymousId);
            }
            return "sent";
          }, function () { return "sent"; });
        }
        if (response.status === 429 || response.status === 408 || response.status >= 500) {
          return "retry";
        }
        return response.text().then(function (text) {
          warn("the server refused " + batch.length + " call(s) (" + response.status + "): " + text);
          return "refused";
        });
      }, function () { return "retry"; })
      .then(function (outcome) {
        sending = false;
        if (outcome === "retry") {
          failures++;
          schedule(Math.min(maxRetryDelayMs, 1000 * Math.pow(2, failures)));
          return;
        }
        failures = 0;
        remove(batch);
        if (queue.length) {
          schedule(0);
        }
      });
  }

  /** The page is going away: hand everything left to the browser, which sends it even after the page is gone. */
  function flushOnHide() {
    if (!queue.length || !navigator.sendBeacon) {
      return;
    }
    // Calls a pending fetch is sending go again: their message ids make the server store them once.
    while (queue.length) {
      var batch = nextBatch();
      if (!batch.length || !navigator.sendBeacon(endpoint, new Blob([body(batch)], { type: "text/plain;charset=UTF-8" }))) {
        break;
      }
      remove(batch);
    }
    saveQueue();
  }

  function warn(message, detail) {
    if (window.console) {
      window.console.warn("automation: " + message, detail === undefined ? "" : detail);
    }
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function words(name) {
    return (String(name).match(/[A-Z]{2,}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g) || []).map(function (w) { return w.toLowerCase(); });
  }

  function isSensitiveName(name) {
    var parts = words(name);
    var joined = parts.join("");
    return parts.some(function (w) { return sensitiveWords.indexOf(w) >= 0; })
      || sensitivePhrases.some(function (p) { return joined.indexOf(p) >= 0; });
  }

  function looksLikeCardNumber(value) {
    if (!/^[0-9 -]+$/.test(value)) {
      return false;
    }
    var digits = value.replace(/[^0-9]/g, "");
    if (digits.length < 13 || digits.length > 19) {
      return false;
    }
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var digit = +digits.charAt(digits.length - 1 - i);
      if (i % 2 === 1) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return sum % 10 === 0;
  }

  /** The URL without query parameters whose names look sensitive (?token=..., ?password=...). */
  function safeUrl(href) {
    try {
      var url = new URL(href, location.href);
      var names = [];
      url.searchParams.forEach(function (value, name) { names.push(name); });
      names.forEach(function (name) {
        if (isSensitiveName(name)) {
          url.searchParams.delete(name);
        }
      });
      return url;
    } catch (e) {
      return null;
    }
  }

  function pageProperties() {
    var url = safeUrl(location.href);
    var properties = {
      url: url ? url.href : "",
      path: location.pathname,
      search: url ? url.search : "",
      title: document.title,
      referrer: document.referrer ? (safeUrl(document.referrer) || { href: "" }).href : ""
    };
    if (url) {
      ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"].forEach(function (name) {
        var value = url.searchParams.get(name);
        if (value) {
          properties[name] = value;
        }
      });
    }
    return properties;
  }

  function merge(target, source) {
    if (isObject(source)) {
      Object.keys(source).forEach(function (key) { target[key] = source[key]; });
    }
    return target;
  }

  function isSkippedField(element) {
    var type = (element.type || "").toLowerCase();
    var name = element.name || element.id;
    var autocomplete = (element.getAttribute("autocomplete") || "").toLowerCase();
    return !name
      || element.disabled
      || element.hasAttribute("data-automation-ignore")
      || skippedInputTypes.indexOf(type) >= 0
      || /(^|\s)(cc-|current-password|new-password|one-time-code)/.test(autocomplete)
      || isSensitiveName(name)
      || ((type === "checkbox" || type === "radio") && !element.checked);
  }

  function formFields(form) {
    var fields = {};
    var count = 0;
    Array.prototype.forEach.call(form.elements, function (element) {
      if (count >= 50 || isSkippedField(element)) {
        return;
      }
      var name = element.name || element.id;
      var values = element.type === "select-multiple"
        ? Array.prototype.filter.call(element.options, function (o) { return o.selected; }).map(function (o) { return o.value; })
        : [element.value];
      values = values.filter(function (v) { return typeof v === "string" && !looksLikeCardNumber(v); }).map(function (v) { return v.slice(0, 500); });
      if (!values.length) {
        return;
      }
      var value = element.type === "select-multiple" ? values : values[0];
      if (Object.prototype.hasOwnProperty.call(fields, name)) {
        fields[name] = [].concat(fields[name], value);
      } else {
        fields[name] = value;
        count++;
      }
    });
    return fields;
  }

  function matchesAny(form) {
    return formSelectors.some(function (selector) {
      try {
        return form.matches(selector);
      } catch (e) {
        return false;
      }
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || form.tagName !== "FORM" || !matchesAny(form)) {
      return;
    }
    var url = safeUrl(location.href);
    enqueue({
      type: "form",
      properties: {
        formId: form.id || null,
        formName: form.getAttribute("name") || form.getAttribute("data-automation-form") || null,
        url: url ? url.href : "",
        path: location.pathname,
        fields: formFields(form)
      }
    }, true);
  }

  var api = {
    loaded: true,

    /** A page view; called on load unless data-auto-page="false". */
    page: function (name, properties) {
      if (isObject(name)) {
        properties = name;
        name = undefined;
      }
      var all = merge(pageProperties(), properties);
      if (typeof name === "string" && name) {
        all.name = name;
      }
      enqueue({ type: "page", properties: all });
    },

    /** A custom or standard event: automation.track("signup", { plan: "pro" }). */
    track: function (event, properties) {
      if (typeof event !== "string" || !event) {
        warn("track needs an event name");
        return;
      }
      enqueue({ type: "track", event: event, properties: isObject(properties) ? properties : {} });
    },

    /** The visitor is known now: automation.identify({ email, phone, externalId, traits }). Sent at once. */
    identify: function (who) {
      if (!isObject(who) || !(who.email || who.phone || who.externalId)) {
        warn("identify needs an email, phone or externalId");
        return;
      }
      var call = { type: "identify" };
      ["email", "phone", "externalId"].forEach(function (field) {
        if (who[field]) {
          call[field] = String(who[field]);
        }
      });
      if (isObject(who.traits)) {
        call.traits = who.traits;
      }
      enqueue(call, true);
    },

    /** Records submissions of the forms matching the selector (forms with data-automation-form always are). */
    trackForms: function (selector) {
      if (typeof selector === "string" && selector && formSelectors.indexOf(selector) < 0) {
        formSelectors.push(selector);
      }
    },

    /** Someone signs out: the browser gets a new anonymous id, so the next person is not taken for them. */
    reset: function () {
      flush();
      setAnonymousId(randomId());
    },

    /** Sends what is queued now (normally every second and when the page is hidden). */
    flush: function () {
      flush();
    },

    anonymousId: function () {
      return anonymousId;
    }
  };

  window.automation = api;
  // Capture phase: a page's own submit handler that stops propagation does not hide the submission.
  document.addEventListener("submit", onSubmit, true);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flushOnHide();
    }
  });
  window.addEventListener("pagehide", flushOnHide);

  var pending = Array.isArray(existing) ? existing : [];
  var pagedBeforeLoad = pending.some(function (call) { return call && call[0] === "page"; });
  if (script.getAttribute("data-auto-page") !== "false" && !pagedBeforeLoad) {
    api.page();
  }
  pending.forEach(function (call) {
    if (call && typeof api[call[0]] === "function") {
      api[call[0]].apply(api, call.slice(1));
    }
  });
  if (queue.length) {
    schedule(0);
  }
})(window, document);
