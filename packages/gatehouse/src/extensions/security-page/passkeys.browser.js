// Gatehouse's passkey forms (adding one on /security, signing in on /session/new). Served as a
// same-origin script after SimpleWebAuthn's browser bundle; the pages' policy allows exactly
// these two. Each form is an ordinary HTML form the server answers: this script only asks the
// server for the WebAuthn options, runs the browser's ceremony, puts its answer in the form's
// hidden `passkey[response]` field and submits the form.
;(function () {
  'use strict'
  var webauthn = window.SimpleWebAuthnBrowser
  if (!webauthn || !webauthn.browserSupportsWebAuthn()) return

  function fieldsOf(form, names) {
    var body = new URLSearchParams()
    body.set('_csrf_token', form.elements.namedItem('_csrf_token').value)
    names.forEach(function (name) {
      var field = form.elements.namedItem(name)
      if (field) body.set(name, field.value)
    })
    return body
  }

  function say(form, text) {
    var status = form.querySelector('[data-passkey-status]')
    if (status) status.textContent = text
  }

  function startCeremony(form) {
    var kind = form.getAttribute('data-passkey-form')
    var names = kind === 'register' ? ['passkey[name]', 'user[current_password]'] : []
    say(form, '')
    return fetch(form.getAttribute('data-passkey-options'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      body: fieldsOf(form, names),
    }).then(function (response) {
      // A refused request (a wrong password, a rate limit): the form itself gets the server's answer.
      if (!response.ok) return form.submit()
      return response.json().then(function (options) {
        var ceremony = kind === 'register' ? webauthn.startRegistration({ optionsJSON: options }) : webauthn.startAuthentication({ optionsJSON: options })
        return ceremony.then(function (answer) {
          form.elements.namedItem('passkey[response]').value = JSON.stringify(answer)
          var password = form.elements.namedItem('user[current_password]')
          if (password) password.value = ''
          form.submit()
        })
      })
    })
  }

  document.querySelectorAll('[data-passkey-form]').forEach(function (form) {
    form.hidden = false
    var busy = false
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      if (busy) return
      busy = true
      startCeremony(form)
        .catch(function () {
          say(form, form.getAttribute('data-passkey-failed') || '')
        })
        .then(function () {
          busy = false
        })
    })
  })
  document.querySelectorAll('[data-passkey-needs-script]').forEach(function (note) {
    note.hidden = true
  })
})()
